import 'reflect-metadata';
import type { EventPayload } from '@cs/contracts';
import {
  PATTERN_EXTRAS_METADATA,
  PATTERN_HANDLER_METADATA,
  PATTERN_METADATA,
  TRANSPORT_METADATA,
} from '@nestjs/microservices/constants.js';
import { describe, expect, it } from 'vitest';
import type { EventContext } from '../src/event.context.js';
import { handlerFailure } from '../src/handler-failure.store.js';
import { OnEvent } from '../src/on-event.decorator.js';
import { JETSTREAM_TRANSPORT } from '../src/transport.constants.js';

type AddressChanged = EventPayload<'cs.orders.order.address_changed'>;
type Placed = EventPayload<'cs.orders.order.placed'>;

const MARK = 'test:mark';
const Mark = (): MethodDecorator => (_target, _key, descriptor) => {
  Reflect.defineMetadata(MARK, true, descriptor.value as object);
};

class PrintingDesk {
  calls: string[] = [];

  @OnEvent('cs.orders.order.address_changed')
  @Mark()
  async onAddressChanged(event: AddressChanged, _ctx: EventContext): Promise<void> {
    this.calls.push(event.orderId);
    if (event.orderId === 'bad') throw new Error('printer jammed');
  }

  @OnEvent('cs.orders.order.placed', { start: { from: 'new' } })
  async onPlaced(_event: Placed): Promise<void> {}
}

// Compile-time checks: `tsc -p libs/bus/test/tsconfig.json` fails if an error below disappears.
// Declared inside a function that never runs, because the unknown subject would also throw at run time.
export function compileTimeChecks(): void {
  class MismatchedHandlers {
    // @ts-expect-error the payload of cs.orders.order.placed is OrderPlaced, not OrderAddressChanged
    @OnEvent('cs.orders.order.placed')
    async wrongPayload(_event: AddressChanged, _ctx: EventContext): Promise<void> {}

    // @ts-expect-error OrderAddressChanged would accept an OrderPlaced structurally; the match must be exact
    @OnEvent('cs.orders.order.address_changed')
    async widerPayload(_event: Placed): Promise<void> {}

    // @ts-expect-error not a subject of the event catalogue
    @OnEvent('cs.orders.order.teleported')
    async unknownSubject(_event: Placed): Promise<void> {}

    // @ts-expect-error handlers are async
    @OnEvent('cs.orders.order.placed')
    syncHandler(_event: Placed): void {}
  }
  void MismatchedHandlers;
}

describe('@OnEvent', () => {
  it('registers the method as a Nest event handler of the subject, bound to the JetStream transport', () => {
    const method = PrintingDesk.prototype.onAddressChanged;
    expect(Reflect.getMetadata(PATTERN_METADATA, method)).toEqual(['cs.orders.order.address_changed']);
    expect(Reflect.getMetadata(PATTERN_HANDLER_METADATA, method)).toBeDefined();
    expect(Reflect.getMetadata(TRANSPORT_METADATA, method)).toBe(JETSTREAM_TRANSPORT);
  });

  it('hands its start point to the transport as the pattern extras (none when not given)', () => {
    expect(Reflect.getMetadata(PATTERN_EXTRAS_METADATA, PrintingDesk.prototype.onPlaced)).toEqual({
      start: { from: 'new' },
    });
    expect(Reflect.getMetadata(PATTERN_EXTRAS_METADATA, PrintingDesk.prototype.onAddressChanged)).toEqual({});
  });

  it('keeps metadata other decorators put on the method', () => {
    expect(Reflect.getMetadata(MARK, PrintingDesk.prototype.onAddressChanged)).toBe(true);
  });

  it('calls the method with its instance and hands its original error to the transport', async () => {
    const desk = new PrintingDesk();
    const ctx = {} as EventContext;
    await desk.onAddressChanged({ orderId: 'o1', orderVersion: 1 }, ctx);
    expect(desk.calls).toEqual(['o1']);
    const slot: { error?: unknown } = {};
    await expect(
      handlerFailure.run(slot, () => desk.onAddressChanged({ orderId: 'bad', orderVersion: 1 }, ctx)),
    ).rejects.toThrow('printer jammed');
    expect((slot.error as Error).message).toBe('printer jammed');
  });

  it('refuses a subject outside the catalogue at run time too', () => {
    expect(() => OnEvent('cs.orders.order.teleported' as never)).toThrow(/unknown event subject/);
  });
});
