import { histogram } from '@cs/telemetry';
import { type CallHandler, type ExecutionContext, Injectable, type NestInterceptor } from '@nestjs/common';
import { type Observable, tap } from 'rxjs';

/** Duration of every handled call by transport, handler and outcome: the latency SLOs and autoscaling read this. */
@Injectable()
export class MetricsInterceptor implements NestInterceptor {
  private readonly duration = histogram(
    'cs_handler_duration_seconds',
    'Duration of gRPC, HTTP and event handlers',
    ['transport', 'handler', 'outcome'],
    [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
  );

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const labels = { transport: context.getType(), handler: `${context.getClass().name}.${context.getHandler().name}` };
    const end = this.duration.startTimer(labels);
    return next.handle().pipe(
      tap({
        next: () => end({ outcome: 'ok' }),
        error: () => end({ outcome: 'error' }),
      }),
    );
  }
}
