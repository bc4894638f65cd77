import { evalExpr } from '../ir/eval.js';
import type { Program } from '../ir/types.js';
import { DEADLOCK } from '../models/access.js';
import type { ExploreOptions } from './bfs.js';
import type { CheckResult, PathStep } from './result.js';
import type { Semantics, StateView } from './semantics.js';
import { finisher, stateChecker } from './state-checks.js';
import { ST_BOUND, ST_RUNNING } from './thread.js';

/**
 * Whether a state without successors that is not final is a **deadlock**. The rule every model
 * (SC, TSO, LKMM) and engine (TS reference, Wasm) applies:
 *
 * 1. the state is settled (`view.settled !== false`): every read is resolved and the graph
 *    consistent (LKMM: no deferred read, hence no unchecked branch guess and no pending
 *    violation waiting for its reads), nothing is in flight (TSO: every store buffer empty);
 * 2. no thread stopped at a loop bound (`ST_BOUND`): it would go on, and might release the lock
 *    another thread waits for; such a dead end makes the result `incomplete (bound)`;
 * 3. every unfinished thread waits at a `lock` whose lock is held (its location's current value
 *    is non-zero: taken by another thread, or by the waiting thread itself), and at least one
 *    thread waits.
 *
 * Any other state without successors is a pruned prefix, not a deadlock: a deferred read with
 * no consistent write left, a guessed branch that turned out wrong, the prefix of a pending
 * violation whose reads cannot all be resolved, a false `assume`.
 */
export function isDeadlocked(program: Program, view: StateView): boolean {
  if (view.settled === false) return false;
  let waiting = false;
  for (let i = 0; i < view.threads.length; i++) {
    const t = view.threads[i]!;
    if (t.status === ST_BOUND) return false;
    if (t.status !== ST_RUNNING) continue;
    const instr = program.threads[i]!.code[t.pc];
    if (instr?.op !== 'lock') return false;
    const addr = evalExpr(instr.addr, t.regs);
    if (addr < 1 || addr > program.locations.length || view.value(addr) === 0) return false;
    waiting = true;
  }
  return waiting;
}

/**
 * The straightforward string-keyed breadth-first search: every state is stored as an object,
 * visited states are a `Map` from `Semantics.key()` strings. It is the reference the packed
 * explorer in `bfs.ts` is tested against, and the path used for semantics that only
 * implement `key()` (TSO, LKMM). Finds the shortest path to the first violation; counts
 * distinct states and transitions.
 */
export function exploreOracle<S>(sem: Semantics<S>, options: ExploreOptions<S> = {}): CheckResult {
  const t0 = performance.now();
  const maxStates = options.maxStates ?? Number.POSITIVE_INFINITY;
  const maxMs = (options.maxSeconds ?? Number.POSITIVE_INFINITY) * 1000;
  const checkDeadlock = options.deadlock ?? true;
  const progressEvery = options.progressEvery ?? 50_000;
  const visited = new Map<string, number>();
  const states: S[] = [];
  const parent: number[] = [];
  const via: PathStep[] = [];
  const depthOf: number[] = [];
  let transitions = 0;
  let maxDepth = 0;

  const pathTo = (id: number, last?: PathStep): PathStep[] => {
    const steps: PathStep[] = last ? [last] : [];
    for (let cur = id; cur > 0; cur = parent[cur]!) steps.push(via[cur]!);
    return steps.reverse();
  };
  const finish = finisher(sem, t0, () => ({ states: states.length, transitions, depth: maxDepth }));
  const checker = stateChecker(sem, options);
  const checkState = checker.check;

  const init = sem.initial();
  if (init.kind === 'violation') return finish('violation', init.property, 'violation', []);
  visited.set(sem.key(init.state), 0);
  states.push(init.state);
  parent.push(-1);
  via.push({ thread: -1, choice: 0 });
  depthOf.push(0);
  const bad0 = checkState(init.state, () => []);
  if (bad0) return finish('violation', bad0, 'violation', []);

  for (let head = 0; head < states.length; head++) {
    if ((head & 63) === 0) {
      if (performance.now() - t0 > maxMs || options.shouldStop?.())
        return finish('incomplete', null, 'time-limit', null);
    }
    const state = states[head]!;
    // An expanded state is not needed again (paths use `parent`/`via`): let it be collected.
    states[head] = undefined as S;
    const succs = sem.successors(state);
    if (succs.length === 0 && checkDeadlock && !sem.isFinal(state)) {
      const view = sem.view(state);
      if (isDeadlocked(sem.program, view)) return finish('violation', DEADLOCK, 'violation', pathTo(head));
    }
    for (const succ of succs) {
      transitions++;
      const step: PathStep = { thread: succ.step.thread, choice: succ.step.choice };
      if (succ.kind === 'violation')
        return finish('violation', succ.property, 'violation', pathTo(head, step));
      const key = sem.key(succ.state);
      if (visited.has(key)) continue;
      const id = states.length;
      visited.set(key, id);
      states.push(succ.state);
      parent.push(head);
      via.push(step);
      const d = depthOf[head]! + 1;
      depthOf.push(d);
      if (d > maxDepth) maxDepth = d;
      const bad = checkState(succ.state, () => pathTo(id));
      if (bad) return finish('violation', bad, 'violation', pathTo(id));
      if (options.onProgress && id % progressEvery === 0) {
        options.onProgress({
          states: states.length,
          transitions,
          depth: maxDepth,
          frontier: states.length - head,
          seconds: (performance.now() - t0) / 1000,
        });
      }
      if (states.length >= maxStates) return finish('incomplete', null, 'state-limit', null);
    }
  }
  const bound = checker.bound();
  if (bound) return finish('incomplete', null, 'bound', null, bound);
  return finish('ok', null, null, null);
}
