import { describe, expect, it } from 'vitest';
import { groupByAggregate } from '../src/outbox.repository.js';

describe('relay batch ordering', () => {
  it('publishes the rows of one aggregate in their order, aggregates side by side', () => {
    const rows = ['a1', 'b1', 'a2', 'c1', 'b2', 'a3'].map((id) => ({ id, aggregate_id: id.slice(0, 1) }));
    expect(groupByAggregate(rows).map((g) => g.map((r) => r.id))).toEqual([['a1', 'a2', 'a3'], ['b1', 'b2'], ['c1']]);
  });
});
