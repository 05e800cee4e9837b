import type { z } from 'zod';
import { ConfigError, type ConfigIssue } from './config-error.js';

/** sysexits.h EX_CONFIG: lets supervisors tell "misconfigured" apart from a crash. */
export const EX_CONFIG = 78;

type Env = Record<string, string | undefined>;

/** Validates `env` against `schema`; throws `ConfigError` naming every bad variable. */
export function parseConfig<T>(schema: z.ZodType<T>, env: Env = process.env): T {
  const result = schema.safeParse(withoutEmptyValues(env));
  if (result.success) return result.data;
  throw new ConfigError(result.error.issues.map((issue) => describeIssue(issue, env)));
}

/** Like `parseConfig`, but prints one message to stderr and exits with EX_CONFIG on failure. */
export function loadConfig<T>(schema: z.ZodType<T>, env: Env = process.env): T {
  try {
    return parseConfig(schema, env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${error.message}\n`);
    return process.exit(EX_CONFIG);
  }
}

/** `FOO=` in a shell or a manifest means "not configured", so it gets the default, not an error. */
function withoutEmptyValues(env: Env): Env {
  return Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value.trim() !== ''));
}

function describeIssue(issue: z.core.$ZodIssue, env: Env): ConfigIssue {
  const variable = issue.path.length > 0 ? issue.path.map(String).join('.') : '(environment)';
  const raw = issue.path.length === 1 ? env[String(issue.path[0])] : undefined;
  const got = raw === undefined || raw.trim() === '' ? '' : ` (got ${JSON.stringify(redact(variable, raw))})`;
  return { variable, message: `${issue.message}${got}` };
}

/** The message goes to logs, so never echo secrets: whole values of secret-named variables, URL passwords. */
function redact(variable: string, raw: string): string {
  if (/PASSWORD|SECRET|TOKEN|KEY/i.test(variable)) return '[redacted]';
  return raw.replace(/^([a-z][a-z0-9+.-]*:\/\/[^:/@\s]*):[^@/\s]*@/i, '$1:***@');
}
