import type { CheckResult } from '@tmigr-check/core';

/** Test support: a result without the fields that legitimately differ between engines (time, engine name). */
export function comparable(r: CheckResult): Omit<CheckResult, 'seconds' | 'engine'> {
  const { seconds: _seconds, engine: _engine, ...rest } = r;
  return rest;
}
