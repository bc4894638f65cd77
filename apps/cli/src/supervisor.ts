import { getHeapStatistics } from 'node:v8';
import { Worker } from 'node:worker_threads';
import { EXIT } from './io.js';

/** The shape of a terminal stream, as the worker should see it. */
export interface StreamShape {
  readonly isTTY: boolean;
  readonly columns: number | undefined;
}

/** What the main thread hands the worker that runs the CLI. */
export interface WorkerInput {
  readonly argv: readonly string[];
  /** Int32 word 0: the number of SIGINTs received. */
  readonly interrupts: SharedArrayBuffer;
  readonly stdout: StreamShape;
  readonly stderr: StreamShape;
}

const shapeOf = (s: NodeJS.WriteStream): StreamShape => ({
  isTTY: s.isTTY === true,
  columns: s.isTTY ? s.columns : undefined,
});

/** The `--max-memory` value on a command line, in MiB (undefined when absent or malformed). */
export function maxMemoryFlag(argv: readonly string[]): number | undefined {
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const v = a === '--max-memory' ? argv[i + 1] : a.startsWith('--max-memory=') ? a.slice(13) : undefined;
    if (v === undefined) continue;
    const n = Number(v);
    return Number.isInteger(n) && n > 0 ? n : undefined;
  }
  return undefined;
}

/**
 * Runs the CLI (`entry`, in worker mode) in a worker thread and forwards its exit code.
 * The first SIGINT raises the shared flag that every search polls (it stops within a batch
 * of states, prints what it explored and exits 130); a second SIGINT exits at once. The worker
 * gets V8's heap limit (more when `--max-memory` asks for more); if it still runs out of heap,
 * the CLI says so on one line and exits 3.
 */
export function superviseSearchWorker(entry: URL, argv: readonly string[]): void {
  const interrupts = new SharedArrayBuffer(4);
  const count = new Int32Array(interrupts);
  const input: WorkerInput = {
    argv,
    interrupts,
    stdout: shapeOf(process.stdout),
    stderr: shapeOf(process.stderr),
  };
  const v8LimitMb = Math.ceil(getHeapStatistics().heap_size_limit / 2 ** 20);
  const asked = maxMemoryFlag(argv);
  const heapMb = Math.max(v8LimitMb, asked !== undefined ? Math.ceil(asked * 1.25) + 64 : 0);
  const worker = new Worker(entry, { workerData: input, resourceLimits: { maxOldGenerationSizeMb: heapMb } });
  process.on('SIGINT', () => {
    if (Atomics.add(count, 0, 1) > 0) process.exit(EXIT.interrupted);
  });
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
      throw e;
    });
  }
  let failed = false;
  worker.on('error', (e: Error & { code?: string }) => {
    failed = true;
    if (e.code === 'ERR_WORKER_OUT_OF_MEMORY') {
      process.stderr.write(
        `tmigr-check: out of memory: the search needed more than the ${heapMb} MiB heap; give it less to do (--max-states, --max-seconds) or a smaller guard (--max-memory)\n`,
      );
      process.exitCode = EXIT.limit;
    } else {
      process.stderr.write(`tmigr-check: internal error: ${e.message}\n`);
      process.exitCode = 70;
    }
  });
  worker.on('exit', (code) => {
    if (Atomics.load(count, 0) > 0 && code === 0) process.exitCode = EXIT.interrupted;
    else if (!failed) process.exitCode = code;
  });
}
