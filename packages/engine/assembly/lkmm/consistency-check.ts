// The consistency predicate of the search: the LKMM axioms (linux-kernel.cat, checked by
// `consistency.ts`), or the SC / x86-TSO predicates (`predicates.ts`) that core's
// LkmmSemantics runs with `axioms: 'sc' | 'tso'`.
import { AX_SC, AX_TSO } from '../../../core/src/encoding/lkmm-opcodes';
import { violatedSc, violatedTso } from './predicates';

let axioms: i32 = AX_SC;

export function setAxioms(a: i32): void {
  axioms = a;
}

/** Whether the axioms the search checks are implemented in this build. */
export function axiomsSupported(a: i32): bool {
  return a == AX_SC || a == AX_TSO;
}

/** Whether the graph of state vector `v` violates the search's axioms. */
export function inconsistent(v: usize): bool {
  if (axioms == AX_TSO) return violatedTso(v);
  return violatedSc(v);
}
