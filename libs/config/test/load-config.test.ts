import { afterEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { ConfigError, envInt, envObject, envString, loadConfig, parseConfig } from '../src/index.js';

const schema = envObject({ API_TOKEN: envString(), RETRY_COUNT: envInt(0, 10).default(3) });

class ExitCalled extends Error {
  constructor(readonly code: unknown) {
    super(`process.exit(${String(code)})`);
  }
}

describe('loadConfig', () => {
  afterEach(() => vi.restoreAllMocks());

  it('returns the parsed config with camelCase keys', () => {
    expect(loadConfig(schema, { API_TOKEN: 'abc' })).toEqual({ apiToken: 'abc', retryCount: 3 });
  });

  it('writes one message to stderr and exits with EX_CONFIG (78)', () => {
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    vi.spyOn(process, 'exit').mockImplementation((code) => {
      throw new ExitCalled(code);
    });
    expect(() => loadConfig(schema, { RETRY_COUNT: '11' })).toThrow(new ExitCalled(78));
    expect(stderr).toHaveBeenCalledTimes(1);
    expect(stderr.mock.calls[0]?.[0]).toBe(
      'invalid configuration: API_TOKEN is required (not set); RETRY_COUNT must be an integer 0..10 (got "11")\n',
    );
  });

  it('never echoes the value of a secret-named variable', () => {
    const tokenSchema = envObject({ API_TOKEN: envInt(1) });
    expect(() => parseConfig(tokenSchema, { API_TOKEN: 'hunter2' })).toThrow(
      'API_TOKEN must be an integer >= 1 (got "[redacted]")',
    );
  });

  it('accepts any zod schema, not only env objects', () => {
    const plain = z.object({ A: z.string().min(3) });
    expect(() => parseConfig(plain, { A: 'x' })).toThrow(ConfigError);
    expect(parseConfig(plain, { A: 'xyz', B: 'ignored' })).toEqual({ A: 'xyz' });
  });
});
