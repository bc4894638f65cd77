import { semanticsFor } from '../check.js';
import type { CheckResult } from '../explore/result.js';
import type { ModelName } from '../explore/semantics.js';
import { stateAt } from '../explore/trace.js';
import { type FinalExpr, hasPlainAccess, type Program } from '../ir/types.js';
import type { CompiledLitmus } from './compile.js';
import {
  evalOnView,
  type LitmusFinal,
  type LitmusOutcome,
  outcomeKey,
  outcomeMatch,
  programReaching,
  validates,
  verdictOf,
} from './run.js';

/** A reachability checker: explores `program` and reports the first final-check violation with its path. */
export type ReachabilityCheck = (
  program: Program,
  options: { readonly model: ModelName; readonly deadlock: false; readonly maxSeconds?: number },
) => CheckResult | Promise<CheckResult>;

/** Options of {@link runLitmusByReachability}. */
export interface ReachabilityOptions {
  readonly model: ModelName;
  /** The engine's check (e.g. the Wasm engine's `check`). */
  readonly check: ReachabilityCheck;
  /** Overall time budget in seconds. */
  readonly maxSeconds?: number;
}

const NEW_OUTCOME = 'litmus-new-outcome';

/**
 * Runs a litmus test on an engine that only answers reachability questions (the Wasm
 * engine): asks repeatedly for a final state with an outcome not seen yet, until none is
 * left. Gives the same outcomes, verdict and counts as {@link runLitmus}; the state count is
 * that of the last (complete) search.
 */
export async function runLitmusByReachability(
  compiled: CompiledLitmus,
  options: ReachabilityOptions,
): Promise<LitmusOutcome> {
  if (options.model === 'lkmm' && hasPlainAccess(compiled.program))
    throw new Error(
      'a test with plain accesses needs the reference explorer under LKMM (its data-race flag is not a reachability question)',
    );
  const t0 = performance.now();
  const sem = semanticsFor(compiled.program, options.model);
  const finals = new Map<string, LitmusFinal>();
  let seen: FinalExpr = { k: 'const', v: 0 };
  let status: LitmusOutcome['status'] = 'ok';
  let error: string | undefined;
  let states = 0;
  for (;;) {
    const fresh: FinalExpr = {
      k: 'bin',
      op: 'land',
      a: compiled.filter ?? { k: 'const', v: 1 },
      b: { k: 'un', op: 'not', a: seen },
    };
    const program = programReaching(compiled.program, fresh, NEW_OUTCOME);
    const left =
      options.maxSeconds === undefined ? undefined : options.maxSeconds - (performance.now() - t0) / 1000;
    if (left !== undefined && left <= 0) {
      status = 'timeout';
      break;
    }
    const result = await options.check(program, {
      model: options.model,
      deadlock: false,
      ...(left !== undefined ? { maxSeconds: left } : {}),
    });
    states = result.states;
    if (result.verdict === 'incomplete') {
      status = result.reason === 'bound' ? 'error' : 'timeout';
      if (result.reason === 'bound') error = 'a loop bound was reached';
      break;
    }
    if (result.verdict === 'ok') break;
    if (result.property !== NEW_OUTCOME || !result.path) {
      status = 'error';
      error = `the search hit a violation: ${result.property}`;
      break;
    }
    const view = sem.view(stateAt(sem, result.path));
    const values: Record<string, number> = {};
    for (const v of compiled.observed) values[v.label] = evalOnView(v.expr, view);
    const key = outcomeKey(values);
    if (finals.has(key)) throw new Error(`engine reported outcome ${key} twice`);
    finals.set(key, { values, holds: evalOnView(compiled.body, view) !== 0 });
    const match = outcomeMatch({ ...compiled, filter: null }, values);
    seen = { k: 'bin', op: 'lor', a: seen, b: match };
  }
  const list = [...finals.values()];
  const pos = list.filter((f) => f.holds).length;
  const neg = list.length - pos;
  const verdict = verdictOf(pos, neg);
  return {
    name: compiled.test.name,
    model: options.model,
    status,
    ...(error !== undefined ? { error } : {}),
    quantifier: compiled.quantifier,
    verdict,
    judged: pos + neg === 0 ? 'DEADLOCK' : verdict,
    pos,
    neg,
    validated: validates(compiled.quantifier, pos, neg),
    finals: list,
    flags: [],
    states,
    seconds: (performance.now() - t0) / 1000,
  };
}
