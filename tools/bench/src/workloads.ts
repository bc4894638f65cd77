import {
  activeMaskTree,
  buildTmigrModel,
  cmpxchgCounter,
  getVariant,
  INVARIANTS,
  loadScenario,
  type ModelName,
  type Program,
  type TmigrModel,
} from '@tmigr-check/core';

/** A program to measure, with the limits both engines get. */
export interface Workload {
  readonly name: string;
  readonly build: () => Program;
  /** Both engines stop after this many states (the state counts stay comparable). */
  readonly maxStates?: number;
  /** Memory model (default SC). */
  readonly model?: ModelName;
  /**
   * A tmigr scenario's model: the reference runs `checkTmigr` (invariant hook), the Wasm engine
   * `check(program, { tmigr })` (invariants inside Wasm); `build` returns its program.
   */
  readonly tmigr?: TmigrModel;
}

/** A tmigr scenario under a variant as a workload (`invariantsOnly`: the five invariants only). */
function tmigrWorkload(
  scenario: string,
  variant: string,
  model: ModelName,
  invariantsOnly: boolean,
  maxStates?: number,
): Workload {
  const tmigr = buildTmigrModel(
    loadScenario(scenario),
    getVariant(variant),
    invariantsOnly ? { properties: [...INVARIANTS] } : {},
  );
  const limit = maxStates === undefined ? '' : `, first ${formatCount(maxStates)} states`;
  return {
    name: `${scenario} ${variant} ${model}${invariantsOnly ? ' (invariants)' : ''}${limit}`,
    build: () => tmigr.program,
    model,
    tmigr,
    ...(maxStates !== undefined ? { maxStates } : {}),
  };
}

/**
 * tmigr scenarios: the seed under the fixed kernel (all properties) and the pre-fix kernel
 * (invariants only: with its WARN the search stops early), a larger preset, SC and TSO.
 */
export function tmigrWorkloads(scale: number): Workload[] {
  const tsoCap = Math.round(600_000 * scale);
  return [
    tmigrWorkload('seed', 'bd3c45dd01', 'sc', false),
    tmigrWorkload('seed', 'v7.1-rc1', 'sc', true),
    tmigrWorkload('facd40aa5c46', 'bd3c45dd01', 'sc', false),
    tmigrWorkload('seed', 'bd3c45dd01', 'tso', false, scale >= 1 ? undefined : tsoCap),
    tmigrWorkload('seed', 'v7.1-rc1', 'tso', true, tsoCap),
    tmigrWorkload('facd40aa5c46', 'bd3c45dd01', 'tso', false, tsoCap),
  ];
}

/** The largest programs the reference explorer finishes in seconds, and a bigger one cut at a state limit. */
export function defaultWorkloads(scale: number): Workload[] {
  return [
    { name: 'cmpxchg-counter-5', build: () => cmpxchgCounter(5) },
    { name: 'active-mask-tree 3 CPUs', build: () => activeMaskTree(3, 2, 1, 4) },
    {
      name: `active-mask-tree 4 CPUs, first ${formatCount(Math.round(1_000_000 * scale))} states`,
      build: () => activeMaskTree(4, 2, 1, 4),
      maxStates: Math.round(1_000_000 * scale),
    },
    { name: 'cmpxchg-counter-5 tso', build: () => cmpxchgCounter(5), model: 'tso' },
  ];
}

/** Small workloads that only warm the engines up (JIT tiers, Wasm tier-up). */
export function warmupWorkloads(): Workload[] {
  return [
    { name: 'warm-up', build: () => cmpxchgCounter(4) },
    { name: 'warm-up tree', build: () => activeMaskTree(3, 2, 1, 4), maxStates: 50_000 },
  ];
}

/** 1234567 → "1.23 M", 12345 → "12.3 k". */
export function formatCount(n: number): string {
  if (n >= 1e6) return `${(n / 1e6).toPrecision(3)} M`;
  if (n >= 1e3) return `${(n / 1e3).toPrecision(3)} k`;
  return String(n);
}
