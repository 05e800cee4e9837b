import { z } from 'zod';

/**
 * A single environment variable: a string parsed by `parse`, which returns `undefined` for an
 * unacceptable value. `expected` completes the sentence "<VAR> must be …", so every failure reads
 * the same way no matter which zod check would otherwise have produced it.
 */
export function envVar<T>(expected: string, parse: (raw: string) => T | undefined) {
  return z.string({ error: 'is required (not set)' }).transform((raw, ctx): T => {
    const value = parse(raw.trim());
    if (value === undefined) {
      ctx.issues.push({ code: 'custom', message: `must be ${expected}`, input: raw });
      return z.NEVER;
    }
    return value;
  });
}

export const envString = () => envVar('a non-empty string', (raw) => (raw === '' ? undefined : raw));

/** Integers only: `Number('1e3')` or `Number('0x10')` would be accepted by a plain coercion. */
export function envInt(min: number, max: number = Number.MAX_SAFE_INTEGER) {
  const expected = max === Number.MAX_SAFE_INTEGER ? `an integer >= ${min}` : `an integer ${min}..${max}`;
  return envVar(expected, (raw) => {
    if (!/^-?\d+$/.test(raw)) return undefined;
    const value = Number(raw);
    return value >= min && value <= max ? value : undefined;
  });
}

/** 0 is allowed: the server then binds a free port, which parallel tests rely on. */
export const envPort = () => envInt(0, 65535);

const booleans: Record<string, boolean> = { true: true, '1': true, false: false, '0': false };
export const envBoolean = () =>
  envVar('one of true|false|1|0', (raw) => (raw.toLowerCase() in booleans ? booleans[raw.toLowerCase()] : undefined));

export function envEnum<const V extends readonly string[]>(values: V) {
  return envVar(`one of ${values.join('|')}`, (raw): V[number] | undefined =>
    values.find((value) => value === raw.toLowerCase()),
  );
}

export function envUrl(protocols: readonly string[] = ['http:', 'https:']) {
  const schemes = protocols.map((protocol) => `${protocol}//`).join(' or ');
  return envVar(`a ${schemes} URL`, (raw) =>
    URL.canParse(raw) && protocols.includes(new URL(raw).protocol) ? raw : undefined,
  );
}
