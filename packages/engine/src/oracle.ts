/**
 * Test support: what a violation path shows when core replays it, computed independently of
 * both explorers' bookkeeping (used to check that Wasm paths really lead to their violation).
 */
import {
  DEADLOCK,
  evalFinal,
  type ModelName,
  type PathStep,
  type Program,
  replay,
  ST_RUNNING,
  semanticsFor,
  stateAt,
} from '@tmigr-check/core';

/** The property violated at the end of `path` under `model` (default SC), or null if nothing is violated there. */
export function violationAtEndOf(
  program: Program,
  path: readonly PathStep[],
  model: ModelName = 'sc',
): string | null {
  const sem = semanticsFor(program, model);
  const init = sem.initial();
  if (init.kind === 'violation') return path.length === 0 ? init.property : null;
  const trace = replay(sem, path);
  const last = trace.steps[trace.steps.length - 1];
  if (last?.violation !== undefined) return last.violation;
  const state = stateAt(sem, path);
  const view = sem.view(state);
  if (sem.isFinal(state)) {
    for (const fc of program.finalChecks ?? []) {
      const v = evalFinal(
        fc.cond,
        (t, r) => view.threads[t]!.regs[r]!,
        (a) => view.value(a),
      );
      if (v === 0) return fc.property;
    }
    return null;
  }
  const running = view.threads.map((t, i) => ({ t, i })).filter(({ t }) => t.status === ST_RUNNING);
  const stuck =
    sem.successors(state).length === 0 &&
    running.length > 0 &&
    running.every(({ t, i }) => program.threads[i]!.code[t.pc]?.op === 'lock');
  return stuck ? DEADLOCK : null;
}
