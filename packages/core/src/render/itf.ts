import type { ModelName, StateView, StepInfo } from '../explore/semantics.js';
import type { Trace } from '../explore/trace.js';
import type { Program } from '../ir/types.js';
import { describeStepLine, programNaming, type TraceNaming } from './naming.js';

/** An ITF value as used here: integers, strings, booleans and records. */
export type ItfValue = number | string | boolean | { readonly [field: string]: ItfValue };

/** One ITF state: `#meta` plus one field per variable. */
export interface ItfState {
  readonly '#meta': { readonly index: number };
  readonly [name: string]: ItfValue | { readonly index: number };
}

/** A trace in the Informal Trace Format of Apalache and Quint. */
export interface ItfTrace {
  readonly '#meta': Readonly<Record<string, ItfValue>>;
  readonly vars: readonly string[];
  readonly states: readonly ItfState[];
}

/** Where the trace comes from, for `#meta`. */
export interface ItfSource {
  readonly model: ModelName;
  readonly scenario?: string;
  readonly variant?: string;
  /** The violated property, if the trace is a counterexample. */
  readonly property?: string | null;
  readonly description?: string;
}

/** The ITF variable holding the thread program counters (a record thread name -> pc). */
export const ITF_PC = 'pc';
/** The ITF variable holding the step that led to the state (a record). */
export const ITF_STEP = 'step';

/** Unique variable names for the locations (`name`, or `name#addr` for a repeated name). */
export function locationVars(program: Program, naming: TraceNaming): string[] {
  const seen = new Map<string, number>();
  return program.locations.map((_, i) => {
    const name = naming.locationName(i + 1);
    const n = seen.get(name) ?? 0;
    seen.set(name, n + 1);
    return n === 0 && name !== ITF_PC && name !== ITF_STEP ? name : `${name}#${i + 1}`;
  });
}

function stepRecord(naming: TraceNaming, index: number, step: StepInfo | null): ItfValue {
  if (!step) return { index: 0, thread: '', function: '', action: 'init', stale: false };
  return {
    index,
    thread: naming.threadName(step.thread),
    function: step.instr?.src?.fn ?? '',
    action: describeStepLine(naming, step),
    stale: step.stale !== undefined,
  };
}

/**
 * Converts a replayed trace into ITF JSON: one state per trace state (the initial one first),
 * each with every location (by its layout name, raw 32-bit value), the threads' pcs and the
 * step that led to it. A violating step that leads to no state is recorded in `#meta`.
 */
export function traceToItf(
  program: Program,
  trace: Trace,
  source: ItfSource,
  naming: TraceNaming = programNaming(program),
): ItfTrace {
  const locVars = locationVars(program, naming);
  const threadNames = program.threads.map((_, t) => naming.threadName(t));
  const state = (index: number, view: StateView, step: StepInfo | null): ItfState => {
    const s: Record<string, ItfValue | { index: number }> = { '#meta': { index } };
    locVars.forEach((name, i) => {
      s[name] = view.value(i + 1);
    });
    const pcs: Record<string, number> = {};
    threadNames.forEach((name, t) => {
      pcs[name] = view.threads[t]?.pc ?? -1;
    });
    s[ITF_PC] = pcs;
    s[ITF_STEP] = stepRecord(naming, index, step);
    return s as ItfState;
  };
  const states: ItfState[] = [state(0, trace.initial, null)];
  const meta: Record<string, ItfValue> = {
    format: 'ITF',
    'format-description': 'https://apalache-mc.org/docs/adr/015adr-trace.html',
    source: [
      source.scenario !== undefined ? `scenario ${source.scenario}` : `program ${program.name}`,
      ...(source.variant !== undefined ? [`variant ${source.variant}`] : []),
      `model ${source.model}`,
    ].join(', '),
    description: source.description ?? `tmigr-check counterexample for ${program.name}`,
    program: program.name,
    model: source.model,
    generator: 'tmigr-check',
  };
  if (source.scenario !== undefined) meta.scenario = source.scenario;
  if (source.variant !== undefined) meta.variant = source.variant;
  trace.steps.forEach((s, i) => {
    if (s.after) states.push(state(i + 1, s.after, s.step));
    else if (s.violation) meta.violatingStep = stepRecord(naming, i + 1, s.step);
  });
  const property = source.property ?? trace.steps.find((s) => s.violation)?.violation ?? null;
  if (property) meta.property = property;
  return { '#meta': meta, vars: [...locVars, ITF_PC, ITF_STEP], states };
}
