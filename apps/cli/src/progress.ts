import type { Progress } from '@tmigr-check/core';

/**
 * A throttled progress line on stderr: redrawn in place on a terminal, one plain line every
 * few seconds otherwise. Silent when disabled.
 */
export function progressReporter(
  enabled: boolean,
  label: string,
): {
  update: (p: Progress) => void;
  done: () => void;
} {
  const tty = process.stderr.isTTY === true;
  const every = tty ? 200 : 5000;
  let last = Date.now();
  let drawn = false;
  return {
    update(p: Progress) {
      if (!enabled) return;
      const now = Date.now();
      if (now - last < every) return;
      last = now;
      const rate = p.seconds > 0 ? Math.round(p.states / p.seconds) : 0;
      const heap = Math.round(process.memoryUsage().heapUsed / 2 ** 20);
      const line = `${label}: ${p.states.toLocaleString('en-US')} states, ${rate.toLocaleString('en-US')} states/s, depth ${p.depth}, frontier ${p.frontier.toLocaleString('en-US')}, heap ${heap} MiB, ${p.seconds.toFixed(1)} s`;
      if (tty) {
        process.stderr.write(`\r${line}\x1b[K`);
        drawn = true;
      } else {
        process.stderr.write(`${line}\n`);
      }
    },
    done() {
      if (drawn) process.stderr.write('\r\x1b[K');
      drawn = false;
    },
  };
}
