export { isMarked, type LkmmAxiom, type LkmmFlag, lkmmFlags, violatedAxiom } from './consistency.js';
export { encodeLkmmTables } from './encode-tables.js';
export type { LkEvent, LkGraph } from './events.js';
export type { CtrlScope, LkThreadState } from './local.js';
export {
  conditionVerdict,
  finalOutcomes,
  type HerdVerdict,
  type OutcomeSet,
  outcomeSemanticsFor,
} from './outcomes.js';
export { type ScTsoAxiom, violatedScTso } from './predicates.js';
export { type LkmmOptions, LkmmSemantics, type LkmmState } from './semantics.js';
