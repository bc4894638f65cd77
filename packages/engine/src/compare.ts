import type { CheckResult } from '@tmigr-check/core';

/** Test support: a result without the fields that legitimately differ between engines (time, engine name). */
export function comparable(r: CheckResult): Omit<CheckResult, 'seconds' | 'engine'> {
  const { seconds: _seconds, engine: _engine, ...rest } = r;
  return rest;
}

/**
 * {@link comparable} without `bound` (the loop and path of an `incomplete (bound)` result): the
 * Wasm LKMM search reports the verdict and reason `bound` like the reference but does not yet
 * record which loop (a known gap; `--engine ts` names it).
 */
export function withoutBound(r: CheckResult): Omit<CheckResult, 'seconds' | 'engine' | 'bound'> {
  const { bound: _bound, ...rest } = comparable(r);
  return rest;
}
