import { getHeapStatistics } from 'node:v8';
import type { Progress } from '@tmigr-check/core';

/** The limits of a search, so progress can say how much of each is used. */
export interface ProgressLimits {
  readonly maxStates?: number | undefined;
  readonly maxSeconds?: number | undefined;
}

const n = (x: number): string => x.toLocaleString('en-US');
const pct = (x: number): string => `${Math.min(100, Math.floor(100 * x))} %`;

/**
 * One progress line. Nobody knows a state space's size before the search ends, so there is
 * no estimate of the total: the line shows what is known — states, rate, depth, the frontier
 * (states found but not yet expanded: the breadth-first queue, or the depth-first stack), the
 * heap against its limit, and how much of each given budget is used, with the time left at the
 * current rate where a states budget is given.
 */
export function progressLine(
  label: string,
  p: Progress,
  limits: ProgressLimits = {},
  heap = heapNow(),
): string {
  const rate = p.seconds > 0 ? Math.round(p.states / p.seconds) : 0;
  const parts = [
    `${n(p.states)} states`,
    `${n(rate)} states/s`,
    `depth ${p.depth}`,
    `frontier ${n(p.frontier)}`,
    ...(p.stored !== undefined ? [`caching: ${n(p.stored)} stored`] : []),
    `heap ${n(heap.used)} of ${n(heap.limit)} MiB`,
    `${p.seconds.toFixed(1)} s`,
  ];
  const budget: string[] = [];
  if (limits.maxStates !== undefined && Number.isFinite(limits.maxStates)) {
    const left = rate > 0 ? Math.max(0, (limits.maxStates - p.states) / rate) : null;
    budget.push(
      `${pct(p.states / limits.maxStates)} of --max-states${left !== null ? ` (${left.toFixed(0)} s left at this rate)` : ''}`,
    );
  }
  if (limits.maxSeconds !== undefined)
    budget.push(`${pct(p.seconds / limits.maxSeconds)} of ${limits.maxSeconds} s`);
  return `${label}: ${parts.join(', ')}${budget.length > 0 ? `; used ${budget.join(', ')}` : ''}`;
}

function heapNow(): { used: number; limit: number } {
  const h = getHeapStatistics();
  return { used: Math.round(h.used_heap_size / 2 ** 20), limit: Math.round(h.heap_size_limit / 2 ** 20) };
}

/**
 * A throttled progress line on stderr: redrawn in place on a terminal, one plain line every
 * few seconds otherwise. Silent when disabled.
 */
export function progressReporter(
  enabled: boolean,
  label: string,
  limits: ProgressLimits = {},
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
      const line = progressLine(label, p, limits);
      if (tty) {
        const width = process.stderr.columns ?? 0;
        process.stderr.write(
          `\r${width > 1 && line.length >= width ? `${line.slice(0, width - 2)}…` : line}\x1b[K`,
        );
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
