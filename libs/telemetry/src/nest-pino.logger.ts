import type { Logger } from 'pino';

type PinoLevel = 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal';
type NestLevel = 'verbose' | 'debug' | 'log' | 'warn' | 'error' | 'fatal';

const pinoLevelOf: Record<NestLevel, PinoLevel> = {
  verbose: 'trace',
  debug: 'debug',
  log: 'info',
  warn: 'warn',
  error: 'error',
  fatal: 'fatal',
};

/** Nest's ConsoleLogger recognises a stack trace by its "at file:line:col" lines; so do we. */
const isStack = (value: unknown): value is string => typeof value === 'string' && /\n[ \t]+at .+:\d+:\d+/.test(value);
const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype;

/**
 * Nest's `LoggerService` over pino, for `NestFactory.create(Module, { logger: new NestPinoLogger(log) })`.
 * It follows Nest's calling convention: a trailing string argument is the context (the class
 * name given to `new Logger(...)`), and `error`/`fatal` take a stack before it. Structurally typed,
 * so this library does not depend on @nestjs/common.
 */
export class NestPinoLogger {
  constructor(private readonly logger: Logger) {}

  log(message: unknown, ...optionalParams: unknown[]): void {
    this.write('log', message, optionalParams);
  }

  error(message: unknown, ...optionalParams: unknown[]): void {
    this.write('error', message, optionalParams);
  }

  warn(message: unknown, ...optionalParams: unknown[]): void {
    this.write('warn', message, optionalParams);
  }

  debug(message: unknown, ...optionalParams: unknown[]): void {
    this.write('debug', message, optionalParams);
  }

  verbose(message: unknown, ...optionalParams: unknown[]): void {
    this.write('verbose', message, optionalParams);
  }

  fatal(message: unknown, ...optionalParams: unknown[]): void {
    this.write('fatal', message, optionalParams);
  }

  /** Nest passes the levels it wants; pino has a single threshold, so use the most verbose one. */
  setLogLevels(levels: string[]): void {
    const order: NestLevel[] = ['verbose', 'debug', 'log', 'warn', 'error', 'fatal'];
    const lowest = order.find((level) => levels.includes(level));
    this.logger.level = lowest === undefined ? 'silent' : pinoLevelOf[lowest];
  }

  private write(level: NestLevel, message: unknown, params: unknown[]): void {
    const rest = [...params];
    const fields: Record<string, unknown> = {};
    if (rest.length > 0 && typeof rest.at(-1) === 'string' && !isStack(rest.at(-1))) fields.context = rest.pop();
    if ((level === 'error' || level === 'fatal') && isStack(rest.at(-1))) fields.stack = rest.pop();
    const others: unknown[] = [];
    for (const param of rest) {
      if (isPlainObject(param)) Object.assign(fields, param);
      else if (param instanceof Error) fields.err = param;
      else if (param !== undefined) others.push(param);
    }
    if (others.length > 0) fields.params = others;

    const pinoLevel = pinoLevelOf[level];
    if (message instanceof Error) {
      this.logger[pinoLevel]({ ...fields, err: message }, message.message);
    } else if (typeof message === 'string') {
      this.logger[pinoLevel](fields, message);
    } else if (typeof message === 'object' && message !== null) {
      // Nest logs objects too (e.g. an exception response); keep them structured, not stringified.
      this.logger[pinoLevel]({ ...fields, data: message });
    } else {
      this.logger[pinoLevel](fields, String(message));
    }
  }
}
