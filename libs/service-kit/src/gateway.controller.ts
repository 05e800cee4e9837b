import { AnyAuthenticated, CheckedDownstream } from '@cs/auth';
import { NotFound } from '@cs/errors';
import { Body, Controller, Get, Headers, Inject, Param, Post, Res } from '@nestjs/common';
import { GrpcGateway } from './gateway.js';
import type { HttpResponse as Response } from './http-response.js';

export const GATEWAY = Symbol('cs.gateway');

@Controller()
export class GatewayController {
  constructor(@Inject(GATEWAY) private readonly gateway: GrpcGateway) {}

  @CheckedDownstream()
  @Post(':service/:method')
  async call(
    @Param('service') service: string,
    @Param('method') method: string,
    @Body() body: unknown,
    @Headers() headers: Record<string, string>,
    @Res() response: Response,
  ) {
    const reply = await this.gateway.call(service, method, body, headers);
    response.status(reply.status).json(reply.body);
  }

  @AnyAuthenticated()
  @Get('openapi.json')
  openapi() {
    const document = this.gateway.openApi();
    if (!document) throw new NotFound('OpenAPI document', 'of this service');
    return document;
  }
}
