import { DEADLOCK } from '../models/access.js';
import type { ExploreOptions } from './bfs.js';
import { isDeadlocked } from './bfs-oracle.js';
import type { CheckResult, PathStep } from './result.js';
import type { Semantics, Successor } from './semantics.js';
import { finisher, stateChecker } from './state-checks.js';

/** One level of the depth-first stack: a state and its successors not yet tried. */
interface Frame<S> {
  readonly state: S;
  readonly step: PathStep;
  succs: Successor<S>[] | null;
  next: number;
}

/**
 * Depth-first search over a memory model's transition system, with a visited set of
 * `Semantics.key()` strings. It explores the same states as the breadth-first search and
 * reaches the same verdict when the search completes (an `ok` verdict and the state count are
 * identical), but it keeps only the current path's states instead of a whole breadth-first
 * frontier, and it reaches final states early. Its counterexample is the first one found, not
 * the shortest.
 *
 * It is the search for the LKMM graph semantics, whose search graph is nearly a tree (the
 * canonical schedule adds each execution graph by one path): there a frontier holds most of
 * the states, and all complete executions have about the same length, so breadth-first order
 * buys no shorter traces.
 */
export function exploreDfs<S>(sem: Semantics<S>, options: ExploreOptions<S> = {}): CheckResult {
  const t0 = performance.now();
  const maxStates = options.maxStates ?? Number.POSITIVE_INFINITY;
  const maxMs = (options.maxSeconds ?? Number.POSITIVE_INFINITY) * 1000;
  const checkDeadlock = options.deadlock ?? true;
  const progressEvery = options.progressEvery ?? 50_000;
  const visited = new Set<string>();
  const stack: Frame<S>[] = [];
  let transitions = 0;
  let maxDepth = 0;

  const pathOf = (last?: PathStep): PathStep[] => {
    const steps = stack.slice(1).map((f) => f.step);
    if (last) steps.push(last);
    return steps;
  };
  const finish = finisher(sem, t0, () => ({ states: visited.size, transitions, depth: maxDepth }));
  const checker = stateChecker(sem, options);
  const checkState = checker.check;

  const init = sem.initial();
  if (init.kind === 'violation') return finish('violation', init.property, 'violation', []);
  visited.add(sem.key(init.state));
  stack.push({ state: init.state, step: { thread: -1, choice: 0 }, succs: null, next: 0 });
  const bad0 = checkState(init.state, () => []);
  if (bad0) return finish('violation', bad0, 'violation', []);

  let expanded = 0;
  while (stack.length > 0) {
    const top = stack[stack.length - 1]!;
    if (top.succs === null) {
      if ((expanded++ & 63) === 0) {
        if (performance.now() - t0 > maxMs || options.shouldStop?.())
          return finish('incomplete', null, 'time-limit', null);
      }
      top.succs = sem.successors(top.state);
      if (top.succs.length === 0 && checkDeadlock && !sem.isFinal(top.state)) {
        if (isDeadlocked(sem.program, sem.view(top.state)))
          return finish('violation', DEADLOCK, 'violation', pathOf());
      }
    }
    if (top.next >= top.succs.length) {
      stack.pop();
      continue;
    }
    const succ = top.succs[top.next++]!;
    transitions++;
    const step: PathStep = { thread: succ.step.thread, choice: succ.step.choice };
    if (succ.kind === 'violation') return finish('violation', succ.property, 'violation', pathOf(step));
    const key = sem.key(succ.state);
    if (visited.has(key)) continue;
    visited.add(key);
    stack.push({ state: succ.state, step, succs: null, next: 0 });
    if (stack.length - 1 > maxDepth) maxDepth = stack.length - 1;
    const bad = checkState(succ.state, () => pathOf());
    if (bad) return finish('violation', bad, 'violation', pathOf());
    if (options.onProgress && visited.size % progressEvery === 0) {
      options.onProgress({
        states: visited.size,
        transitions,
        depth: maxDepth,
        frontier: stack.length,
        seconds: (performance.now() - t0) / 1000,
      });
    }
    if (visited.size >= maxStates) return finish('incomplete', null, 'state-limit', null);
  }
  const bound = checker.bound();
  if (bound) return finish('incomplete', null, 'bound', null, bound);
  return finish('ok', null, null, null);
}
