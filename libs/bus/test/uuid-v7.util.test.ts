import { describe, expect, it } from 'vitest';
import { uuidv7 } from '../src/uuid-v7.util.js';

describe('uuidv7', () => {
  it('is a version 7, RFC 9562 variant UUID carrying the time', () => {
    const id = uuidv7(Date.UTC(2026, 10, 23));
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(Number.parseInt(id.replaceAll('-', '').slice(0, 12), 16)).toBe(Date.UTC(2026, 10, 23));
  });

  it('sorts in creation order, also within one millisecond', () => {
    const ids = Array.from({ length: 500 }, (_, i) => uuidv7(1_800_000_000_000 + Math.floor(i / 100)));
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('keeps its random part random across the pooled draws: 2,000 ids of one millisecond, none alike past the counter', () => {
    const ids = Array.from({ length: 2000 }, () => uuidv7(1_800_000_000_000));
    const randomParts = new Set(ids.map((id) => id.replaceAll('-', '').slice(17)));
    expect(randomParts.size).toBe(ids.length);
  });
});
