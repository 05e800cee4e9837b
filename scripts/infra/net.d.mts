export function isLoopback(host: string): boolean;
export function bareHost(host: string): string;
export function probeTcp(
  host: string,
  port: number,
  options?: { timeoutMs?: number; greeting?: boolean },
): Promise<string | null>;
export function waitUntil<T>(
  check: () => Promise<T> | T,
  options?: { timeoutMs?: number; intervalMs?: number; abort?: () => boolean },
): Promise<T>;
export function freePort(): Promise<number>;
