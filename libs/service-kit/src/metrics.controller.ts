import { Public } from '@cs/auth';
import { metricsContentType, renderMetrics } from '@cs/telemetry';
import { Controller, Get, Res } from '@nestjs/common';
import type { HttpResponse as Response } from './http-response.js';

@Public()
@Controller()
export class MetricsController {
  @Get('metrics')
  async metrics(@Res() response: Response) {
    response.type(metricsContentType).send(await renderMetrics());
  }
}
