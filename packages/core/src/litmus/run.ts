import { check, semanticsFor } from '../check.js';
import { explore } from '../explore/bfs.js';
import type { CheckResult, PathStep, StopReason } from '../explore/result.js';
import type { ModelName, Semantics, StateView } from '../explore/semantics.js';
import { replay, type Trace } from '../explore/trace.js';
import { evalFinal } from '../ir/eval.js';
import { type FinalExpr, hasPlainAccess, type Program } from '../ir/types.js';
import { BAD_ADDRESS } from '../models/access.js';
import { outcomeSemanticsFor } from '../models/lkmm/index.js';
import type { LitmusTest, Quantifier } from './ast.js';
import { type CompiledLitmus, compileLitmus, OFFSET_ADDRESS } from './compile.js';

/** herd's verdict word for the condition body. */
export type HerdVerdict = 'Never' | 'Sometimes' | 'Always';

/** What a run ends with: the verdict as judged (`DEADLOCK` = no final state at all). */
export type JudgedVerdict = HerdVerdict | 'DEADLOCK';

/** One distinct final outcome: the observed registers and locations. */
export interface LitmusFinal {
  /** Values by label (`0:r1`, `x`), in the order of {@link CompiledLitmus.observed}. */
  readonly values: Readonly<Record<string, number>>;
  /** Whether the condition body holds. */
  readonly holds: boolean;
}

/** A witness outcome with the shortest interleaving that reaches it. */
export interface LitmusWitness {
  readonly final: LitmusFinal;
  readonly path: readonly PathStep[];
  readonly trace: Trace;
}

/** The result of running a litmus test under one memory model. */
export interface LitmusOutcome {
  readonly name: string;
  readonly model: ModelName;
  /** `ok`: complete exploration; `timeout`: the time budget ran out; `error`: the search hit a violation (e.g. a NULL dereference). */
  readonly status: 'ok' | 'timeout' | 'error';
  /** The error's description when status is `error`. */
  readonly error?: string;
  /**
   * With status `timeout`: why the search stopped, when it says so itself (`memory-limit`: a
   * search with its own memory budget, the Wasm engine's, reached it).
   */
  readonly stopReason?: StopReason;
  readonly quantifier: Quantifier | null;
  /** herd's word for the body: with no final outcome at all this is `Never` (printed `Never 0 0`). */
  readonly verdict: HerdVerdict;
  /** The verdict to judge against expectations: `DEADLOCK` when no final outcome exists. */
  readonly judged: JudgedVerdict;
  /** Distinct final outcomes (after `filter`) where the body holds / fails. */
  readonly pos: number;
  readonly neg: number;
  /** Whether the test's own claim holds: exists → pos > 0; ~exists → pos = 0; forall → neg = 0. */
  readonly validated: boolean;
  /** The distinct final outcomes that pass the filter. */
  readonly finals: readonly LitmusFinal[];
  /**
   * herd7's flags raised by some execution that passes the filter, sorted (LKMM with plain
   * accesses: `data-race`, `mixed-accesses`; herd prints `Flag data-race`). They do not change
   * the verdict: racy executions count like the others.
   */
  readonly flags: readonly string[];
  readonly states: number;
  readonly seconds: number;
  /** With `explain`: the outcome that decides the quantifier, and how to reach it. */
  readonly witness?: LitmusWitness;
}

/** Options of {@link runLitmus}. */
export interface RunLitmusOptions {
  readonly model: ModelName;
  /** Give up (status `timeout`) after this many seconds. */
  readonly maxSeconds?: number;
  /** Stop when it returns true (status `timeout`). */
  readonly shouldStop?: () => boolean;
  /** Also find a witness outcome and the shortest path to it. */
  readonly explain?: boolean;
  /**
   * The search that collects the final outcomes (e.g. the Wasm engine's); default: core's
   * reduced graph search (`outcomeSemanticsFor`) explored breadth-first.
   */
  readonly collect?: OutcomeCollector;
}

/**
 * A search of the reduced graph semantics (`outcomeSemanticsFor(program, model)`, breadth-first)
 * that, instead of checking the program's final checks, evaluates their expressions on every
 * final state it stores and returns the distinct value tuples in the order it first met them,
 * with its result (states, and why it stopped).
 */
export type OutcomeCollector = (
  program: Program,
  options: { readonly model: ModelName; readonly maxSeconds?: number; readonly shouldStop?: () => boolean },
) => { readonly result: CheckResult; readonly outcomes: readonly (readonly number[])[] };

/**
 * The program whose final checks an {@link OutcomeCollector} evaluates: the filter (1 without
 * one), the condition's body, then the observed values in {@link CompiledLitmus.observed} order.
 */
export function outcomeProgram(compiled: CompiledLitmus): Program {
  const exprs: FinalExpr[] = [
    compiled.filter ?? { k: 'const', v: 1 },
    compiled.body,
    ...compiled.observed.map((v) => v.expr),
  ];
  return {
    ...compiled.program,
    finalChecks: exprs.map((cond, i) => ({ property: `outcome-${i}`, cond })),
  };
}

/** Evaluates a final-state expression on a state view. */
export function evalOnView(e: FinalExpr, view: StateView): number {
  return evalFinal(
    e,
    (t, r) => view.threads[t]!.regs[r]!,
    (a) => view.value(a),
  );
}

/** The verdict over counted outcomes (herd's rules). */
export function verdictOf(pos: number, neg: number): HerdVerdict {
  if (pos === 0) return 'Never';
  return neg === 0 ? 'Always' : 'Sometimes';
}

/** Whether a test's claim holds given the counts. */
export function validates(quantifier: Quantifier | null, pos: number, neg: number): boolean {
  switch (quantifier) {
    case 'exists':
      return pos > 0;
    case '~exists':
      return pos === 0;
    default:
      return neg === 0;
  }
}

/** A canonical key of an outcome (its observed values). */
export function outcomeKey(values: Readonly<Record<string, number>>): string {
  return Object.entries(values)
    .map(([k, v]) => `${k}=${v}`)
    .join(';');
}

/**
 * Collects the distinct final outcomes of a compiled test under a model: every outcome
 * that passes the filter, keyed by its observed values.
 */
function collectFinals(
  compiled: CompiledLitmus,
  options: RunLitmusOptions,
): {
  finals: LitmusFinal[];
  flags: string[];
  status: LitmusOutcome['status'];
  error?: string;
  stopReason?: StopReason;
  states: number;
  seconds: number;
} {
  const finals = new Map<string, LitmusFinal>();
  const flags = new Set<string>();
  // Verdicts only: the reduced graph search (same final outcomes as check()'s semantics).
  const sem = outcomeSemanticsFor(compiled.program, options.model);
  const limits = {
    ...(options.maxSeconds !== undefined ? { maxSeconds: options.maxSeconds } : {}),
    ...(options.shouldStop ? { shouldStop: options.shouldStop } : {}),
  };
  // The Wasm engine's LKMM search does not model plain accesses (data races): such a test
  // runs on the reference explorer, which also raises herd7's flags.
  const collect =
    options.collect && !(options.model === 'lkmm' && hasPlainAccess(compiled.program))
      ? options.collect
      : null;
  const result = collect
    ? collectWith(compiled, collect, options.model, limits, finals)
    : explore(sem, {
        deadlock: false,
        ...limits,
        onFinal: (view) => {
          if (compiled.filter && evalOnView(compiled.filter, view) === 0) return;
          if (view.flags) for (const f of view.flags()) flags.add(f);
          const values: Record<string, number> = {};
          for (const v of compiled.observed) values[v.label] = evalOnView(v.expr, view);
          const key = outcomeKey(values);
          if (!finals.has(key)) finals.set(key, { values, holds: evalOnView(compiled.body, view) !== 0 });
        },
      });
  const base = {
    finals: [...finals.values()],
    flags: [...flags].sort(),
    states: result.states,
    seconds: result.seconds,
  };
  return finish(base, result, sem);
}

/** The outcomes an {@link OutcomeCollector} found, added to `finals` as `onFinal` adds them. */
function collectWith(
  compiled: CompiledLitmus,
  collect: OutcomeCollector,
  model: ModelName,
  limits: { readonly maxSeconds?: number; readonly shouldStop?: () => boolean },
  finals: Map<string, LitmusFinal>,
): CheckResult {
  const got = collect(outcomeProgram(compiled), { model, ...limits });
  for (const tuple of got.outcomes) {
    if (tuple[0] === 0) continue;
    const values: Record<string, number> = {};
    compiled.observed.forEach((v, i) => {
      values[v.label] = tuple[2 + i]!;
    });
    const key = outcomeKey(values);
    if (!finals.has(key)) finals.set(key, { values, holds: tuple[1] !== 0 });
  }
  return got.result;
}

/** The status of a finished outcome search. */
function finish(
  base: { finals: LitmusFinal[]; flags: string[]; states: number; seconds: number },
  result: CheckResult,
  sem: Semantics<unknown>,
): ReturnType<typeof collectFinals> {
  if (result.verdict === 'violation') {
    const offset = result.property === BAD_ADDRESS ? offsetAccess(sem, result.path) : null;
    if (offset) return { ...base, status: 'error', error: offset };
    return { ...base, status: 'error', error: `the search hit a violation: ${result.property}` };
  }
  if (result.verdict === 'incomplete') {
    if (result.reason === 'bound') return { ...base, status: 'error', error: 'a loop bound was reached' };
    return { ...base, status: 'timeout', ...(result.reason ? { stopReason: result.reason } : {}) };
  }
  return { ...base, status: 'ok' };
}

/**
 * When the path that ended in `invalid-address` accessed a location plus a non-zero offset
 * (`OFFSET_ADDRESS`, see compile.ts): `unsupported: pointer-arithmetic ...` with the access.
 */
function offsetAccess(sem: Semantics<unknown>, path: readonly PathStep[] | null): string | null {
  if (!path) return null;
  let steps: Trace['steps'];
  try {
    steps = replay(sem, path).steps;
  } catch {
    return null;
  }
  const bad = steps.find((s) => s.step.addr === OFFSET_ADDRESS);
  if (!bad) return null;
  const src = bad.step.instr?.src;
  const at = src ? ` at ${src.line}:${src.col} (${src.text})` : '';
  return `unsupported: pointer-arithmetic: an access to a location plus a non-zero offset${at}; herd7 makes that another cell, which is not modelled`;
}

/** The FinalExpr that holds exactly in final states with the given outcome. */
export function outcomeMatch(compiled: CompiledLitmus, values: Readonly<Record<string, number>>): FinalExpr {
  let e: FinalExpr = { k: 'const', v: 1 };
  for (const v of compiled.observed) {
    const eq: FinalExpr = { k: 'bin', op: 'eq', a: v.expr, b: { k: 'const', v: values[v.label]! } };
    e = { k: 'bin', op: 'land', a: e, b: eq };
  }
  return compiled.filter ? { k: 'bin', op: 'land', a: compiled.filter, b: e } : e;
}

/** The program with a final check that fails exactly in final states matching `target`. */
export function programReaching(program: Program, target: FinalExpr, property = 'outcome-reached'): Program {
  return { ...program, finalChecks: [{ property, cond: { k: 'un', op: 'not', a: target } }] };
}

/** Chooses the outcome that decides the test: a body-satisfying one for exists/~exists, a failing one for forall. */
function decidingFinal(
  quantifier: Quantifier | null,
  finals: readonly LitmusFinal[],
): LitmusFinal | undefined {
  if (quantifier === 'forall' || quantifier === null) return finals.find((f) => !f.holds) ?? finals[0];
  return finals.find((f) => f.holds) ?? finals[0];
}

/**
 * Runs a litmus test under a memory model and computes herd's observation: the verdict
 * over the condition body, and the numbers of distinct final outcomes where it holds/fails.
 */
export function runLitmus(input: LitmusTest | CompiledLitmus, options: RunLitmusOptions): LitmusOutcome {
  const compiled = 'program' in input ? input : compileLitmus(input);
  const got = collectFinals(compiled, options);
  const pos = got.finals.filter((f) => f.holds).length;
  const neg = got.finals.length - pos;
  const verdict = verdictOf(pos, neg);
  const outcome: LitmusOutcome = {
    name: compiled.test.name,
    model: options.model,
    status: got.status,
    ...(got.error !== undefined ? { error: got.error } : {}),
    ...(got.stopReason !== undefined ? { stopReason: got.stopReason } : {}),
    quantifier: compiled.quantifier,
    verdict,
    judged: pos + neg === 0 ? 'DEADLOCK' : verdict,
    pos,
    neg,
    validated: validates(compiled.quantifier, pos, neg),
    finals: got.finals,
    flags: got.flags,
    states: got.states,
    seconds: got.seconds,
  };
  if (!options.explain || got.status !== 'ok') return outcome;
  const final = decidingFinal(compiled.quantifier, got.finals);
  if (!final) return outcome;
  const witness = explainFinal(compiled, final, options.model);
  return witness ? { ...outcome, witness } : outcome;
}

/** The shortest interleaving that ends in `final` (null if it cannot be reached). */
export function explainFinal(
  compiled: CompiledLitmus,
  final: LitmusFinal,
  model: ModelName,
): LitmusWitness | null {
  const program = programReaching(compiled.program, outcomeMatch(compiled, final.values));
  const result = check(program, { model, deadlock: false });
  if (result.verdict !== 'violation' || !result.path) return null;
  const trace = replay(semanticsFor(program, model), result.path);
  return { final, path: result.path, trace };
}

/** herd's flag lines (`Flag data-race`), one per flag raised. */
export function formatFlags(outcome: Pick<LitmusOutcome, 'flags'>): string[] {
  return outcome.flags.map((f) => `Flag ${f}`);
}

/** herd's observation line: `Observation NAME Never|Sometimes|Always POS NEG`. */
export function formatObservation(
  name: string,
  outcome: Pick<LitmusOutcome, 'verdict' | 'pos' | 'neg'>,
): string {
  return `Observation ${name} ${outcome.verdict} ${outcome.pos} ${outcome.neg}`;
}

/**
 * An outcome's values as herd prints a state: `0:r0=1; x=2;`. With the compiled test,
 * pointer-valued variables show the location they point to (`1:r0=y;`).
 */
export function formatFinal(final: LitmusFinal, compiled?: CompiledLitmus): string {
  const pointer = new Set(compiled?.observed.filter((o) => o.pointer).map((o) => o.label));
  const name = (v: number) => compiled?.program.locations[v - 1]?.name;
  return Object.entries(final.values)
    .map(([k, v]) => `${k}=${(pointer.has(k) && name(v)) || v};`)
    .join(' ');
}
