import { getHeapCodeStatistics, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

export interface ReleasedMemory {
  heapTotalBeforeBytes: number;
  heapTotalAfterBytes: number;
  rssBeforeBytes: number;
  rssAfterBytes: number;
  bytecodeBeforeBytes: number;
  bytecodeAfterBytes: number;
  tookMs: number;
}

type MemoryReducingGc = (options: { type: 'major'; execution: 'sync'; flavor: 'last-resort' }) => void;

let gc: MemoryReducingGc | undefined;

/**
 * V8's gc function from a context of its own, so `gc` never appears on the service's globals
 * (which is what running node with --expose-gc would do).
 */
function memoryReducingGc(): MemoryReducingGc {
  if (!gc) {
    setFlagsFromString('--expose-gc');
    try {
      gc = runInNewContext('gc') as MemoryReducingGc;
    } finally {
      setFlagsFromString('--no-expose-gc');
    }
  }
  return gc;
}

/** V8's own default, unless the command line set another. */
const configuredBytecodeOldAge = (): string =>
  process.execArgv.find((arg) => arg.startsWith('--bytecode-old-age='))?.split('=')[1] ?? '6';

/**
 * Gives back what starting left behind: booting a service (loading and compiling the bundle, Nest's
 * container, MikroORM's metadata, the config schema) grows V8's young generation to its maximum and
 * leaves old-space pages that only held start-up garbage. V8 returns them to the system only in a
 * memory-reducing collection, which it starts on memory pressure or when the embedder says it is
 * idle — neither of which Node does — so without this an idle service keeps ~20 MiB of resident
 * memory it will not use (issue 15: orders 140 → 122 MiB idle RSS). One full, synchronous collection
 * (~100 ms on this machine's cores), once, at the end of start-up.
 *
 * The bytecode of code that ran only to start (module bodies, Nest's wiring, MikroORM's discovery,
 * config parsing) would stay until six full collections find it unused, which an idle service takes
 * long to make. For this one collection V8 flushes bytecode not run since the previous one (this
 * collection is several in a row, with nothing run between them); what the service runs again is
 * recompiled on its next call. The default age is back afterwards, so serving is not affected.
 */
export function releaseStartupMemory(): ReleasedMemory {
  const collect = memoryReducingGc();
  const before = process.memoryUsage();
  const bytecodeBefore = getHeapCodeStatistics().bytecode_and_metadata_size;
  const startedAt = performance.now();
  setFlagsFromString('--bytecode-old-age=1');
  try {
    collect({ type: 'major', execution: 'sync', flavor: 'last-resort' });
  } finally {
    setFlagsFromString(`--bytecode-old-age=${configuredBytecodeOldAge()}`);
  }
  const tookMs = performance.now() - startedAt;
  const after = process.memoryUsage();
  return {
    heapTotalBeforeBytes: before.heapTotal,
    heapTotalAfterBytes: after.heapTotal,
    rssBeforeBytes: before.rss,
    rssAfterBytes: after.rss,
    bytecodeBeforeBytes: bytecodeBefore,
    bytecodeAfterBytes: getHeapCodeStatistics().bytecode_and_metadata_size,
    tookMs,
  };
}
