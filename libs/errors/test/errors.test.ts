import { describe, expect, it } from 'vitest';
import { InvalidArgument, Violations } from '../src/index.js';

describe('Violations', () => {
  it('names every bad field in one error', () => {
    const violations = new Violations().require('order_id', '').require('agent.name', '  ').require('ok', 'x');
    expect(() => violations.throwIfAny()).toThrow(InvalidArgument);
    try {
      violations.throwIfAny();
    } catch (error) {
      expect((error as InvalidArgument).violations.map((v) => v.field)).toEqual(['order_id', 'agent.name']);
      expect((error as Error).message).toBe('order_id: is required; agent.name: is required');
    }
  });

  it('does not throw when nothing is wrong', () => {
    expect(() => new Violations().require('order_id', 'A1').throwIfAny()).not.toThrow();
  });
});
