import type { ChildProcessWithoutNullStreams, SpawnOptions } from 'node:child_process';
import type { Readable } from 'node:stream';

export interface ExitResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  error?: Error;
}
export type OwnedChild = ChildProcessWithoutNullStreams & { exited: Promise<ExitResult> };

export function spawnOwned(command: string, args: readonly string[], options?: SpawnOptions): OwnedChild;
export function signalGroup(child: OwnedChild, signal: NodeJS.Signals): void;
export function stopOwned(
  child: OwnedChild,
  options?: { signal?: NodeJS.Signals; graceMs?: number },
): Promise<ExitResult & { forced: boolean }>;
export function forEachLine(stream: Readable, onLine: (line: string) => void): void;
