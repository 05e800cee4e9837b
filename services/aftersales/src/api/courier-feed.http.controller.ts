import { Public } from '@cs/auth';
import { RecordTrackingUpdateRequest } from '@cs/contracts/cs/aftersales/v1/tracking_service';
import { InvalidArgument, Unauthenticated } from '@cs/errors';
import { methodMessages, strictJsonViolations } from '@cs/grpc';
import { CONFIG } from '@cs/service-kit';
import { Controller, HttpCode, Inject, Post, Req } from '@nestjs/common';
import type { AftersalesConfig } from '../aftersales.config.js';
import { RecordCourierEventHandler } from '../application/record-courier-event.handler.js';
import { COURIER_SIGNATURE_HEADER, COURIER_TIMESTAMP_HEADER, courierSignatureProblem } from './courier-signature.js';

interface FeedRequest {
  headers: Record<string, string | string[] | undefined>;
  body: unknown;
  rawBody?: Buffer;
}

const trackingUpdate = methodMessages('cs.aftersales.v1.TrackingService', 'RecordTrackingUpdate')!.input;
const header = (request: FeedRequest, name: string) => {
  const value = request.headers[name];
  return typeof value === 'string' ? value : undefined;
};

/**
 * The courier status feed (webhook): POST /aftersales/webhooks/courier-status with the proto3 JSON of
 * a RecordTrackingUpdate plus the courier's `event_id`. No token: the courier proves itself with its
 * HMAC signature (courier-signature.ts), checked before the body is even looked at. Three path
 * segments, so the gateway's /:service/:method route never takes it.
 */
@Controller('aftersales/webhooks')
@Public()
export class CourierFeedHttpController {
  constructor(
    @Inject(CONFIG) private readonly config: AftersalesConfig,
    private readonly handler: RecordCourierEventHandler,
  ) {}

  @Post('courier-status')
  @HttpCode(200)
  async receive(@Req() request: FeedRequest): Promise<{ recorded: boolean }> {
    const secret = this.config.courierFeedSecret;
    if (!secret) throw new Unauthenticated('the courier feed is not configured (COURIER_FEED_SECRET)');
    const delivery = {
      timestamp: header(request, COURIER_TIMESTAMP_HEADER),
      signature: header(request, COURIER_SIGNATURE_HEADER),
      rawBody: request.rawBody,
    };
    const problem = courierSignatureProblem(delivery, secret, new Date(), this.config.courierFeedToleranceSeconds);
    if (problem) throw new Unauthenticated(`courier feed delivery refused: ${problem}`);

    const body = request.body;
    if (typeof body !== 'object' || body === null || Array.isArray(body))
      throw new InvalidArgument([{ field: '(body)', description: 'must be a JSON object' }]);
    const { event_id: snakeId, eventId: camelId, ...update } = body as Record<string, unknown>;
    const eventId = snakeId ?? camelId;
    const violations = strictJsonViolations(trackingUpdate, update);
    if (eventId !== undefined && typeof eventId !== 'string')
      violations.push({ field: 'event_id', description: 'must be a string' });
    if (violations.length) throw new InvalidArgument(violations);
    const { recorded } = await this.handler.execute(
      (eventId as string | undefined) ?? '',
      RecordTrackingUpdateRequest.fromJSON(update),
    );
    return { recorded };
  }
}
