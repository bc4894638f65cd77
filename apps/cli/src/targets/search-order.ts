import type { ModelName, TmigrModel } from '@tmigr-check/core';
import { interruptRequested } from '../stop.js';
import { runTmigr, type TmigrOutcome, type TmigrRunOptions, type TmigrTarget } from './tmigr-run.js';

/** How a tmigr search visits states. */
export type SearchOrder = 'bfs' | 'dfs' | 'bfs-then-dfs';

/** An LKMM run over all properties searches breadth-first up to this many states, then depth-first. */
export const LKMM_BFS_STATES = 200_000;
/**
 * ... and up to this much Wasm engine memory (MiB): a breadth-first LKMM frontier holds whole
 * execution graphs (200,000 states of issue 13's wake-sleep-remote took 4 GB), and a search
 * that filled the engine's memory breadth-first would stop there instead of going on
 * depth-first.
 */
export const LKMM_BFS_MEMORY_MB = 1024;

/**
 * The default order of a tmigr search. Breadth-first gives the shortest counterexample, and SC
 * and TSO states are small. Under the LKMM the invariants are checked on finished executions
 * and their quiescent cuts, which a depth-first search reaches at once and with far less memory
 * (a breadth-first frontier holds whole execution graphs: 4.2 GB for the seed); a run that also
 * checks the kernel's WARNs starts breadth-first for a short WARN trace and goes on depth-first.
 */
export function defaultOrder(model: ModelName, invariantsOnly: boolean): SearchOrder {
  if (model !== 'lkmm') return 'bfs';
  return invariantsOnly ? 'dfs' : 'bfs-then-dfs';
}

/** Words for an order, as the reports print them. */
export function orderText(order: SearchOrder): string {
  if (order === 'bfs') return 'breadth-first';
  if (order === 'dfs') return 'depth-first';
  return `breadth-first for ${LKMM_BFS_STATES.toLocaleString('en-US')} states or ${LKMM_BFS_MEMORY_MB.toLocaleString('en-US')} MiB, then depth-first`;
}

/**
 * Runs a tmigr target in `order`; a two-phase run adds up the time of both phases. The
 * breadth-first phase of `bfs-then-dfs` stops at LKMM_BFS_STATES states or `bfsMemoryMB` MiB
 * of Wasm engine memory (a parameter for tests), whichever comes first.
 */
export function runInOrder(
  target: TmigrTarget,
  order: SearchOrder,
  options: Omit<TmigrRunOptions, 'search'>,
  built: TmigrModel,
  bfsMemoryMB: number = LKMM_BFS_MEMORY_MB,
): TmigrOutcome {
  if (order !== 'bfs-then-dfs') return runTmigr(target, { ...options, search: order }, built);
  const cap = Math.min(options.maxStates ?? Number.POSITIVE_INFINITY, LKMM_BFS_STATES);
  const memoryCapped = bfsMemoryMB < (options.maxMemoryMB ?? Number.POSITIVE_INFINITY);
  const outcome = runTmigr(
    target,
    { ...options, maxStates: cap, search: 'bfs', ...(memoryCapped ? { maxMemoryMB: bfsMemoryMB } : {}) },
    built,
  );
  const first = outcome.kind === 'done' ? outcome.result : null;
  const phaseEnded =
    first?.verdict === 'incomplete' &&
    ((first.reason === 'state-limit' && cap < (options.maxStates ?? Number.POSITIVE_INFINITY)) ||
      // the phase's own memory cap, not the guard of the whole run
      (first.reason === 'memory-limit' && memoryCapped && options.stop.cause() !== 'memory-limit'));
  if (!first || !phaseEnded || interruptRequested()) return outcome;
  const left = options.maxSeconds === undefined ? undefined : Math.max(1, options.maxSeconds - first.seconds);
  const second = runTmigr(target, { ...options, maxSeconds: left, search: 'dfs' }, built);
  if (second.kind !== 'done') return second;
  return { ...second, result: { ...second.result, seconds: second.result.seconds + first.seconds } };
}
