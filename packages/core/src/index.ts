export {
  analyzePor,
  POR_ANY,
  POR_CHAIN_CAP,
  POR_SHARED,
  type PorAnalysisOptions,
  type PorInfo,
} from './analysis/por.js';
export { expandPorPath, PorSemantics, porChain } from './analysis/por-semantics.js';
export { type CheckOptions, check, semanticsFor } from './check.js';
export {
  computeLoopExits,
  computeLoopSlots,
  type EncodedProgram,
  type EncodeOptions,
  encodeProgram,
  type TmigrInvariantSpec,
} from './encoding/encode.js';
export * as LkmmGraphFormat from './encoding/lkmm-graph.js';
export * as LkmmOpcodes from './encoding/lkmm-opcodes.js';
export * as Opcodes from './encoding/opcodes.js';
export {
  activeMaskTree,
  cmpxchgCounter,
  EXAMPLES,
  exampleNames,
  messagePassing,
  seqcountAba,
  storeBuffering,
} from './examples/programs.js';
export { type ExploreOptions, explore } from './explore/bfs.js';
export { exploreDfs } from './explore/dfs.js';
export { describeStep, formatTrace } from './explore/format.js';
export * from './explore/result.js';
export * from './explore/semantics.js';
export { ST_BOUND, ST_DONE, ST_RUNNING, type ThreadState } from './explore/thread.js';
export { ReplayError, replay, stateAt, type Trace, type TraceStep } from './explore/trace.js';
export { type Label, ProgramBuilder, ThreadBuilder } from './ir/builder.js';
export * from './ir/eval.js';
export * as E from './ir/expr.js';
export * from './ir/types.js';
export {
  assertValidProgram,
  formatProblem,
  type IrProblem,
  IrValidationError,
  validateProgram,
} from './ir/validate.js';
export * from './litmus/index.js';
export { BAD_ADDRESS, DEADLOCK } from './models/access.js';
export {
  type CtrlScope,
  encodeLkmmTables,
  type LkEvent,
  type LkGraph,
  type LkmmAxiom,
  type LkmmOptions,
  LkmmSemantics,
  type LkmmState,
  type LkThreadState,
  type ScTsoAxiom,
  violatedAxiom,
  violatedScTso,
} from './models/lkmm/index.js';
export { ScSemantics, type ScState } from './models/sc.js';
export {
  type BufferedStore,
  storeBufferBound,
  TSO_EXECUTE,
  TSO_FLUSH,
  TsoSemantics,
  type TsoState,
} from './models/tso.js';
export * from './render/index.js';
export * from './tmigr/api.js';
export * as emit from './tmigr/emit/blocks.js';
