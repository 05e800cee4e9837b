import type { BusLogger } from '../../../src/bus-logger.util.js';

export interface LogEntry {
  level: 'info' | 'warn' | 'error' | 'debug';
  msg: string;
  fields: Record<string, unknown>;
}

/** A BusLogger that keeps what it was told, for tests that wait on what a component reported. */
export class CaptureLogger implements BusLogger {
  readonly entries: LogEntry[] = [];
  info = (a: object | string, b?: string) => this.push('info', a, b);
  warn = (a: object | string, b?: string) => this.push('warn', a, b);
  error = (a: object | string, b?: string) => this.push('error', a, b);
  debug = (a: object | string, b?: string) => this.push('debug', a, b);

  find(level: LogEntry['level'], text: string, fields: Record<string, unknown> = {}): LogEntry | undefined {
    return this.entries.find(
      (e) => e.level === level && e.msg.includes(text) && Object.entries(fields).every(([k, v]) => e.fields[k] === v),
    );
  }

  private push(level: LogEntry['level'], a: object | string, b?: string): void {
    if (typeof a === 'string') this.entries.push({ level, msg: a, fields: {} });
    else this.entries.push({ level, msg: b ?? '', fields: a as Record<string, unknown> });
  }
}
