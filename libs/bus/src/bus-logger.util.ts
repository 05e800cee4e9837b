/**
 * The logging the bus needs: pino-compatible (`logger.info({ subject }, 'published')` or
 * `logger.info('message')`), so a service passes its pino logger (or a child of it) as is.
 */
export interface BusLogger {
  info(objOrMsg: object | string, msg?: string): void;
  warn(objOrMsg: object | string, msg?: string): void;
  error(objOrMsg: object | string, msg?: string): void;
  debug?(objOrMsg: object | string, msg?: string): void;
}

const ignore = (): void => {};

/** The default: silent. */
export const noopLogger: BusLogger = { info: ignore, warn: ignore, error: ignore, debug: ignore };

/** A short, single-line description of an error, safe for a log field or a message header. */
export function describeError(error: unknown, maxLength = 1000): string {
  let text: string;
  if (error instanceof Error) text = `${error.name}: ${error.message}`;
  else if (typeof error === 'string') text = error;
  else {
    try {
      text = JSON.stringify(error) ?? String(error);
    } catch {
      text = String(error);
    }
  }
  const oneLine = text.replace(/[\r\n]+/g, ' ').trim();
  return oneLine.length > maxLength ? `${oneLine.slice(0, maxLength - 1)}…` : oneLine;
}
