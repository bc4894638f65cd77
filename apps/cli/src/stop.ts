import { getHeapStatistics, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/**
 * Why searches stop early: Ctrl-C and the memory guard.
 *
 * A search runs synchronously, so a SIGINT handler on the thread that searches would only run
 * after the search ended. The CLI therefore searches in a worker thread (`bin.ts`): the main
 * thread keeps the signal handler and counts SIGINTs in shared memory, which every search polls
 * through `shouldStop` between batches of states. Run in-process (tests that call `main`), a
 * plain SIGINT handler keeps the same count.
 */

/** Word 0: the number of SIGINTs the main thread received. */
let shared: Int32Array | null = null;
let localCount = 0;
let listeners = 0;
const onSigint = (): void => {
  if (++localCount > 1) process.exit(130);
};

/** Connects this thread to the main thread's SIGINT count (called once, in the worker). */
export function attachInterruptFlag(flag: Int32Array): void {
  shared = flag;
}

/** Whether Ctrl-C was pressed since the CLI started. */
export function interruptRequested(): boolean {
  return shared ? Atomics.load(shared, 0) > 0 : localCount > 0;
}

/** Fraction of V8's heap limit at which a search is stopped when no `--max-memory` is given. */
export const HEAP_FRACTION = 0.85;
/** How often (ms) the heap is measured; the polls in between only read the SIGINT count. */
const HEAP_CHECK_MS = 50;

let collect: (() => void) | null | undefined;
/** A full garbage collection, where the runtime allows one (else null). */
function collector(): (() => void) | null {
  if (collect !== undefined) return collect;
  try {
    setFlagsFromString('--expose-gc');
    const gc: unknown = runInNewContext('gc');
    collect = typeof gc === 'function' ? (gc as () => void) : null;
  } catch {
    collect = null;
  }
  return collect;
}

const mib = (bytes: number): number => Math.round(bytes / 2 ** 20);

/** Why a guarded search was stopped early. */
export type StopCause = 'interrupted' | 'memory-limit';

/** The `shouldStop` of one search, and why it said stop. */
export interface SearchStop {
  /** Polled by the explorer between batches of states. */
  readonly shouldStop: () => boolean;
  /** Why the search was stopped (null: it was not, or by its own limits). */
  readonly cause: () => StopCause | null;
  /** The heap budget in bytes this guard enforces. */
  readonly heapLimit: number;
  /** A one-line explanation of a memory stop (null when not stopped by memory). */
  readonly memoryMessage: () => string | null;
  readonly dispose: () => void;
}

/**
 * A guard for one search: stops it on Ctrl-C, or when its memory (JavaScript heap and typed
 * arrays) grows past `maxMemoryMB` MiB (default: the heap alone past {@link HEAP_FRACTION} of
 * V8's heap limit), so that a search
 * ends with its counts instead of V8 aborting the process. The heap is measured after a full
 * collection before the guard trips, so garbage alone never stops a search.
 */
export function searchStop(maxMemoryMB?: number): SearchStop {
  if (!shared && listeners++ === 0) process.on('SIGINT', onSigint);
  const v8Limit = getHeapStatistics().heap_size_limit;
  const limit =
    maxMemoryMB !== undefined ? Math.min(maxMemoryMB * 2 ** 20, v8Limit) : HEAP_FRACTION * v8Limit;
  // An explicit budget counts typed arrays too (packed state stores live outside the heap), as
  // what this search adds to the memory in use when it starts: memory an earlier search left
  // allocated (a pooled Wasm instance's linear memory, say) is not charged to this one.
  const inUse = (): number => {
    const m = process.memoryUsage();
    return m.heapUsed + m.external;
  };
  const base = maxMemoryMB === undefined ? 0 : inUse();
  const measure = (): number =>
    maxMemoryMB === undefined ? getHeapStatistics().used_heap_size : Math.max(0, inUse() - base);
  let cause: StopCause | null = null;
  let used = 0;
  let lastCheck = 0;
  let disposed = false;
  const heapFull = (): boolean => {
    const now = performance.now();
    if (now - lastCheck < HEAP_CHECK_MS) return false;
    lastCheck = now;
    used = measure();
    if (used < limit) return false;
    const gc = collector();
    if (gc) {
      gc();
      used = measure();
      lastCheck = performance.now();
    }
    return used >= limit;
  };
  return {
    shouldStop: () => {
      if (cause) return true;
      if (interruptRequested()) cause = 'interrupted';
      else if (heapFull()) cause = 'memory-limit';
      return cause !== null;
    },
    cause: () => cause,
    heapLimit: limit,
    memoryMessage: () =>
      cause === 'memory-limit'
        ? `the search used ${mib(used)} MiB of memory, over its limit of ${mib(limit)} MiB (${maxMemoryMB !== undefined ? '--max-memory' : `${Math.round(HEAP_FRACTION * 100)} % of V8's heap limit; raise it with --max-memory or NODE_OPTIONS=--max-old-space-size=MiB`})`
        : null,
    dispose: () => {
      if (disposed) return;
      disposed = true;
      if (!shared && --listeners === 0) process.off('SIGINT', onSigint);
    },
  };
}
