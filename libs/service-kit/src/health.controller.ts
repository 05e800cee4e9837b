import { Public } from '@cs/auth';
import { Controller, Get, HttpStatus, Inject, Res } from '@nestjs/common';
import type { HttpResponse as Response } from './http-response.js';
import { Readiness } from './readiness.js';
import { READINESS } from './tokens.js';

@Public()
@Controller()
export class HealthController {
  constructor(@Inject(READINESS) private readonly readiness: Readiness) {}

  /** Alive: the process answers. Deliberately checks no dependency, so a database outage does not restart pods. */
  @Get('healthz')
  healthz() {
    return { status: 'ok' };
  }

  @Get('readyz')
  async readyz(@Res() response: Response) {
    const report = await this.readiness.report();
    response.status(report.ready ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE).json(report);
  }
}
