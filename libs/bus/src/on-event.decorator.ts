import { type EventPayload, type EventSubject, isEventSubject } from '@cs/contracts';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { PARAM_ARGS_METADATA } from '@nestjs/microservices/constants.js';
import 'reflect-metadata';
import type { ConsumerStart } from './durable-consumer.setup.js';
import type { EventContext } from './event.context.js';
import { handlerFailure } from './handler-failure.store.js';
import { JETSTREAM_TRANSPORT } from './transport.constants.js';

/** The shape of a handler of subject S. */
export type EventHandlerMethod<S extends EventSubject> = (
  payload: EventPayload<S>,
  ctx: EventContext,
) => Promise<unknown>;

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;

/**
 * Resolves to unknown when the handler's payload parameter is exactly the subject's message type;
 * otherwise to a type no descriptor has, so the decorator fails to compile and the error names the
 * expected payload type.
 */
export type PayloadMatches<T extends (...args: never[]) => unknown, S extends EventSubject> =
  Same<Parameters<T>[0], EventPayload<S>> extends true ? unknown : { expectedPayload: EventPayload<S> };

export interface OnEventOptions {
  /**
   * Where this handler's durable consumer starts reading when it is first created. Default: every
   * event the stream still holds. A handler added to a running platform names the day it was
   * introduced, so a first deploy does not act on months of retained events nobody handled then.
   */
  start?: ConsumerStart;
}

/**
 * Subscribes a handler to an event subject of the catalogue, through JetStreamServer:
 *
 *     @OnEvent('cs.orders.order.address_changed')
 *     async onAddressChanged(event: OrderAddressChanged, ctx: EventContext) { … ctx.em … }
 *
 * Nest's @EventPattern(subject) underneath, plus: the payload type must match the subject (checked at
 * compile time), the handler receives (payload, ctx) without @Payload()/@Ctx(), and its original
 * error reaches the transport (for the log, the span and x-cs-error).
 */
export function OnEvent<S extends EventSubject>(subject: S, options: OnEventOptions = {}) {
  if (!isEventSubject(subject)) throw new Error(`@OnEvent: unknown event subject ${String(subject)}`);
  return <T extends EventHandlerMethod<S>>(
    target: object,
    key: string | symbol,
    descriptor: TypedPropertyDescriptor<T> & PayloadMatches<T, S>,
  ): void => {
    const original = descriptor.value as ((...args: unknown[]) => Promise<unknown>) | undefined;
    if (typeof original !== 'function') throw new Error(`@OnEvent(${subject}) must decorate a method`);
    const recording = async function (this: unknown, ...args: unknown[]): Promise<unknown> {
      try {
        return await original.apply(this, args);
      } catch (error) {
        const slot = handlerFailure.getStore();
        if (slot) slot.error = error;
        throw error;
      }
    };
    for (const metadataKey of Reflect.getOwnMetadataKeys(original)) {
      Reflect.defineMetadata(metadataKey, Reflect.getOwnMetadata(metadataKey, original), recording);
    }
    Object.defineProperty(recording, 'name', { value: original.name });
    descriptor.value = recording as unknown as T;
    bindDefaultParameters(target, key);
    const register = EventPattern<string>(subject, JETSTREAM_TRANSPORT, options.start ? { start: options.start } : {});
    register(target, key, descriptor as TypedPropertyDescriptor<unknown>);
  };
}

/**
 * Without parameter decorators Nest passes an event handler only the payload. Bind (payload, ctx)
 * as @Payload() and @Ctx() unless the method already decorates those positions itself.
 */
function bindDefaultParameters(target: object, key: string | symbol): void {
  const existing: Record<string, { index: number }> =
    Reflect.getMetadata(PARAM_ARGS_METADATA, target.constructor, key) ?? {};
  const taken = new Set(Object.values(existing).map((entry) => entry.index));
  if (!taken.has(0)) Payload()(target, key, 0);
  if (!taken.has(1)) Ctx()(target, key, 1);
}
