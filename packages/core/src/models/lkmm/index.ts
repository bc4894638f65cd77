export { LkmmSemantics, type LkmmState, type LkmmOptions } from './semantics.js';
export { violatedAxiom, type LkmmAxiom } from './consistency.js';
export type { LkEvent, LkGraph } from './events.js';
export type { LkThreadState, CtrlScope } from './local.js';
export { finalOutcomes, conditionVerdict, type HerdVerdict, type OutcomeSet } from './outcomes.js';
