import { writeSync } from 'node:fs';
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
  for (const [stream, fd, tty] of [
    [process.stdout, 1, input.stdout],
    [process.stderr, 2, input.stderr],
  ] as const) {
    // Worker streams are pipes to the main thread that deliver a line only when this thread's
    // event loop runs, which a synchronous search never lets happen: write to the file
    // descriptor directly, and give the streams the terminal's shape.
    stream.write = writeTo(fd) as typeof stream.write;
    if (tty.isTTY) Object.assign(stream, { isTTY: true, columns: tty.columns });
  }
  main(input.argv).then((code) => {
    process.exitCode = code;
  });
}

/** A synchronous `write` to a file descriptor; a reader that closed the pipe ends the CLI quietly. */
function writeTo(fd: number) {
  const pause = new Int32Array(new SharedArrayBuffer(4));
  return (chunk: string | Uint8Array, encoding?: unknown, callback?: unknown): boolean => {
    const bytes =
      typeof chunk === 'string'
        ? Buffer.from(chunk, typeof encoding === 'string' ? (encoding as BufferEncoding) : 'utf8')
        : chunk;
    let offset = 0;
    while (offset < bytes.length) {
      try {
        offset += writeSync(fd, bytes, offset, bytes.length - offset);
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        // A non-blocking pipe that is full: wait a moment for the reader.
        if (code === 'EAGAIN') Atomics.wait(pause, 0, 0, 2);
        else if (code === 'EPIPE') process.exit(process.exitCode ?? 0);
        else throw e;
      }
    }
    const done = typeof encoding === 'function' ? encoding : callback;
    if (typeof done === 'function') done();
    return true;
  };
}
