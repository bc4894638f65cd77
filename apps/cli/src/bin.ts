import { isMainThread, workerData } from 'node:worker_threads';
import { main } from './cli.js';
import { attachInterruptFlag } from './stop.js';
import { superviseSearchWorker, type WorkerInput } from './supervisor.js';

// The main thread keeps the signals and the terminal; the CLI itself runs in a worker thread,
// so that a synchronous search can be interrupted (stop.ts) and a heap overflow ends as an
// error line instead of a V8 crash (supervisor.ts).
if (isMainThread) {
  superviseSearchWorker(new URL(import.meta.url), process.argv.slice(2));
} else {
  const input = workerData as WorkerInput;
  attachInterruptFlag(new Int32Array(input.interrupts));
  for (const [stream, tty] of [
    [process.stdout, input.stdout],
    [process.stderr, input.stderr],
  ] as const) {
    // Worker streams are pipes to the main thread: give them the terminal's shape.
    if (tty.isTTY) Object.assign(stream, { isTTY: true, columns: tty.columns });
    // A reader that closes the pipe early (`tmigr-check ... | head`) is not an error.
    stream.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
      throw e;
    });
  }
  main(input.argv).then((code) => {
    process.exitCode = code;
  });
}
