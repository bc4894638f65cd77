import { type ExploreOptions, explore } from './explore/bfs.js';
import type { CheckResult } from './explore/result.js';
import type { ModelName, Semantics } from './explore/semantics.js';
import type { Program } from './ir/types.js';
import { assertValidProgram } from './ir/validate.js';
import { LkmmSemantics } from './models/lkmm/index.js';
import { ScSemantics } from './models/sc.js';
import { TsoSemantics } from './models/tso.js';

/** Builds the transition system of `program` under a memory model. */
export function semanticsFor(program: Program, model: ModelName): Semantics<unknown> {
  switch (model) {
    case 'sc':
      return new ScSemantics(program) as Semantics<unknown>;
    case 'tso':
      return new TsoSemantics(program) as Semantics<unknown>;
    case 'lkmm':
      return new LkmmSemantics(program) as Semantics<unknown>;
    default:
      throw new Error(`memory model '${model}' is not available in the reference explorer yet`);
  }
}

export interface CheckOptions extends ExploreOptions {
  readonly model?: ModelName;
  /** LKMM only: the canonical schedule's thread priority (`LkmmOptions.order`). */
  readonly lkmmOrder?: readonly number[];
}

/** Checks a program with the reference (TypeScript) explorer. */
export function check(program: Program, options: CheckOptions = {}): CheckResult {
  assertValidProgram(program);
  const sem =
    options.model === 'lkmm' && options.lkmmOrder
      ? (new LkmmSemantics(program, { order: options.lkmmOrder }) as Semantics<unknown>)
      : semanticsFor(program, options.model ?? 'sc');
  return explore(sem, options);
}
