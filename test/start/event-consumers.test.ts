import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { platformConsumers, UnreadableHandler } from '../../scripts/codegen/event-consumers.mjs';
import { scratchDir } from './helpers.js';

// The AsyncAPI generator's list of consumers inside the platform comes from the @OnEvent handlers.
let cleanup = () => {};
afterEach(() => cleanup());

function repoWith(files: Record<string, string>): string {
  const scratch = scratchDir('consumers');
  cleanup = scratch.remove;
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(scratch.dir, path, '..'), { recursive: true });
    writeFileSync(join(scratch.dir, path), text);
  }
  return scratch.dir;
}

it('reads every handler, its service, durable, dead-letter subject and whether it names its own start', () => {
  const root = repoWith({
    'services/care/src/api/orders-events.controller.ts': `
      @OnEvent('cs.orders.order.placed')
      async onPlaced() {}
      @OnEvent(
        "cs.orders.order.cancelled", { start: SINCE })
      async onCancelled() {}`,
    'services/inquiry/src/api/orders-events.controller.ts': `@OnEvent('cs.orders.order.placed') async x() {}`,
  });
  expect(platformConsumers(root)).toEqual([
    {
      service: 'care',
      subject: 'cs.orders.order.cancelled',
      durable: 'care__cs_orders_order_cancelled',
      deadLetterSubject: 'cs.dlq.care.cs.orders.order.cancelled',
      start: 'own',
      declaredIn: 'services/care/src/api/orders-events.controller.ts',
    },
    expect.objectContaining({ service: 'care', subject: 'cs.orders.order.placed', start: 'all' }),
    expect.objectContaining({ service: 'inquiry', subject: 'cs.orders.order.placed' }),
  ]);
});

it('refuses a handler whose subject is not a literal, rather than leave its consumer out', () => {
  const root = repoWith({
    'services/care/src/api/events.controller.ts': `@OnEvent(PLACED) async onPlaced() {}`,
  });
  expect(() => platformConsumers(root)).toThrow(UnreadableHandler);
  expect(() => platformConsumers(root)).toThrow(/services\/care\/src\/api\/events\.controller\.ts/);
});
