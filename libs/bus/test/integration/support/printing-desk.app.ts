import 'reflect-metadata';
import { Controller, type DynamicModule, type INestMicroservice, Inject, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { trace } from '@opentelemetry/api';
import { afterAll, afterEach, beforeAll } from 'vitest';
import type { BusLogger } from '../../../src/bus-logger.util.js';
import type { EventContext } from '../../../src/event.context.js';
import { JetStreamServer, type JetStreamServerOptions } from '../../../src/jetstream.server.js';
import { OnEvent } from '../../../src/on-event.decorator.js';
import { type BusFixture, openBusFixture } from './bus.fixture.js';
import type { AddressChanged } from './order-events.js';

/** What the printing desk remembers of each address change it handled (the "state change" of the consumer). */
export const PRINTING_DESK_TABLE = `create table if not exists printing_desk_log (
  id bigserial primary key,
  event_id text not null,
  order_id text not null,
  city text,
  order_version int not null,
  replica text not null,
  trace_id text,
  handled_at timestamptz not null default clock_timestamp())`;

/** How one test wants the handler to behave, and what it saw. */
export class DeskBehaviour {
  readonly calls: { eventId: string; deliveryCount: number; at: number; replica: string }[] = [];
  constructor(
    readonly replica = 'a',
    /** Runs after the handler's write, inside the transaction; throw to fail the handler. */
    readonly after?: (event: AddressChanged, ctx: EventContext) => Promise<void> | void,
  ) {}
}

const BEHAVIOUR = Symbol('DeskBehaviour');

@Controller()
class PrintingDeskHandlers {
  constructor(@Inject(BEHAVIOUR) private readonly behaviour: DeskBehaviour) {}

  @OnEvent('cs.orders.order.address_changed')
  async onAddressChanged(event: AddressChanged, ctx: EventContext): Promise<void> {
    this.behaviour.calls.push({
      eventId: ctx.eventId,
      deliveryCount: ctx.deliveryCount,
      at: Date.now(),
      replica: this.behaviour.replica,
    });
    await ctx.em.execute(
      `insert into printing_desk_log (event_id, order_id, city, order_version, replica, trace_id)
       values (?, ?, ?, ?, ?, ?)`,
      [
        ctx.eventId,
        event.orderId,
        event.newAddress?.city ?? null,
        ctx.aggregateVersion,
        this.behaviour.replica,
        trace.getActiveSpan()?.spanContext().traceId ?? null,
      ],
    );
    await this.behaviour.after?.(event, ctx);
  }
}

@Module({})
class PrintingDeskModule {
  static with(behaviour: DeskBehaviour): DynamicModule {
    return {
      module: PrintingDeskModule,
      controllers: [PrintingDeskHandlers],
      providers: [{ provide: BEHAVIOUR, useValue: behaviour }],
    };
  }
}

export interface RunningDesk {
  app: INestMicroservice;
  server: JetStreamServer;
  behaviour: DeskBehaviour;
  close(): Promise<void>;
}

/** A replica of the consuming service "printing", as a Nest microservice on the JetStream transport. */
export async function startPrintingDesk(
  fixture: BusFixture,
  behaviour: DeskBehaviour,
  options: Partial<JetStreamServerOptions> & { logger?: BusLogger } = {},
): Promise<RunningDesk> {
  const server = new JetStreamServer({
    natsUrl: fixture.natsUrl,
    serviceName: 'printing',
    orm: fixture.orm,
    subjectPrefix: fixture.prefix,
    ...options,
  } as JetStreamServerOptions);
  const app = await NestFactory.createMicroservice(PrintingDeskModule.with(behaviour), {
    strategy: server,
    logger: false,
    abortOnError: false,
  });
  await app.listen();
  let closed: Promise<void> | undefined;
  return {
    app,
    server,
    behaviour,
    close: () => {
      closed ??= app.close();
      return closed;
    },
  };
}

/**
 * A test file's printing desks: opens the fixture `name` with the desk's table and the order
 * streams (handed to `opened`), closes the desks a test started after it, and the fixture at the end.
 * Returns the list to push each started desk to.
 */
export function printingDeskSuite(name: string, opened: (fx: BusFixture) => void): RunningDesk[] {
  const desks: RunningDesk[] = [];
  let fx: BusFixture | undefined;
  beforeAll(async () => {
    fx = await openBusFixture(name);
    await fx.sql(PRINTING_DESK_TABLE);
    await fx.ensureOrderStreams();
    opened(fx);
  });
  afterEach(async () => {
    await Promise.all(desks.splice(0).map((desk) => desk.close()));
  });
  afterAll(async () => {
    await fx?.close();
  });
  return desks;
}
