/**
 * The ids (ce-id) of the events already handled. Delivery is at least once: a redelivery or a
 * re-publish carries the same ce-id, and must change nothing the second time.
 *
 * In production, keep the ids where the handler's effects go, in the same transaction: e.g. a
 * table `handled_event (id uuid primary key, at timestamptz)` with `insert … on conflict do nothing`;
 * when it inserts nothing, the event was handled before. Keep the ids at least as long as you might
 * replay (the streams keep 90 days).
 */
export interface ProcessedEvents {
  seen(eventId: string): Promise<boolean>;
  remember(eventId: string): Promise<void>;
}

/** For the example and tests: the ids held in memory, the oldest forgotten past `limit`. */
export class InMemoryProcessedEvents implements ProcessedEvents {
  private readonly ids = new Set<string>();

  constructor(private readonly limit = 100_000) {}

  async seen(eventId: string): Promise<boolean> {
    return this.ids.has(eventId);
  }

  async remember(eventId: string): Promise<void> {
    this.ids.add(eventId);
    if (this.ids.size > this.limit) this.ids.delete(this.ids.values().next().value as string);
  }
}
