/**
 * The CLI's LKMM search switches: `--thread-order` (the canonical schedule's thread priority)
 * and state-space caching (`--no-state-caching`), and how a result says that caching ran.
 */
import type { CheckResult, Program } from '@tmigr-check/core';
import { UsageError } from './io.js';

export const THREAD_ORDER_HELP =
  "LKMM: the canonical schedule's thread priority, comma-separated thread names or indices (threads not listed follow in program order); the same complete executions in any order, but the number of intermediate states and the speed depend on it";

export const NO_STATE_CACHING_HELP =
  'LKMM depth-first search in the Wasm engine: when the visited set is full (its memory limit), stop with memory-limit instead of going on without storing new states (state-space caching: every state is still explored, some more than once)';

/**
 * Parses `--thread-order` against a program's threads: names (as traces print them) or
 * indices, separated by commas; the threads not named follow in program order.
 */
export function parseThreadOrder(text: string, program: Program): number[] {
  const names = program.threads.map((t) => t.name);
  const listed: number[] = [];
  for (const raw of text.split(',')) {
    const token = raw.trim();
    if (token === '') throw new UsageError(`--thread-order: empty thread name in '${text}'`);
    const index = /^\d+$/.test(token) ? Number(token) : names.indexOf(token);
    if (!(index >= 0 && index < names.length))
      throw new UsageError(
        `--thread-order: no thread '${token}' (threads: ${names.map((n, i) => `${i} ${n}`).join(', ')})`,
      );
    if (listed.includes(index)) throw new UsageError(`--thread-order: thread '${token}' is listed twice`);
    listed.push(index);
  }
  return [...listed, ...names.map((_, i) => i).filter((i) => !listed.includes(i))];
}

/** The JSON field of a result whose visited set stopped growing (absent otherwise). */
export function cachingJson(result: CheckResult): { stored?: number } {
  return result.stored !== undefined ? { stored: result.stored } : {};
}

/** The text line of a result whose visited set stopped growing, or null. */
export function cachingLine(result: CheckResult): string | null {
  if (result.stored === undefined) return null;
  return `state-space caching: the visited set stopped growing at ${result.stored.toLocaleString('en-US')} states; the search went on without storing new ones (every state explored; the state count counts some more than once; --no-state-caching stops instead)`;
}
