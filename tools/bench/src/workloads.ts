import { activeMaskTree, cmpxchgCounter, type Program } from '@tmigr-check/core';

/** A program to measure, with the limits both engines get. */
export interface Workload {
  readonly name: string;
  readonly build: () => Program;
  /** Both engines stop after this many states (the state counts stay comparable). */
  readonly maxStates?: number;
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
