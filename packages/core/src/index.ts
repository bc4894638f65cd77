export * from './ir/types.js';
export * from './ir/eval.js';
export * as E from './ir/expr.js';
export { ProgramBuilder, ThreadBuilder, type Label } from './ir/builder.js';
export { validateProgram, assertValidProgram, IrValidationError, formatProblem, type IrProblem } from './ir/validate.js';
export * as Opcodes from './encoding/opcodes.js';
export { encodeProgram, computeLoopSlots, type EncodedProgram } from './encoding/encode.js';
export * from './explore/result.js';
export * from './explore/semantics.js';
export { explore, type ExploreOptions } from './explore/bfs.js';
export { replay, stateAt, ReplayError, type Trace, type TraceStep } from './explore/trace.js';
export { describeStep, formatTrace } from './explore/format.js';
export { type ThreadState, ST_BOUND, ST_DONE, ST_RUNNING } from './explore/thread.js';
export { ScSemantics, type ScState } from './models/sc.js';
export { TsoSemantics, type TsoState, type BufferedStore, TSO_EXECUTE, TSO_FLUSH } from './models/tso.js';
export { LkmmSemantics, violatedAxiom, type LkmmState, type LkmmOptions, type LkmmAxiom, type LkEvent, type LkGraph, type LkThreadState, type CtrlScope } from './models/lkmm/index.js';
export { BAD_ADDRESS, DEADLOCK } from './models/access.js';
export { check, semanticsFor, type CheckOptions } from './check.js';
export { EXAMPLES, exampleNames } from './examples/programs.js';
export {
  activeMaskTree,
  cmpxchgCounter,
  messagePassing,
  seqcountAba,
  storeBuffering,
} from './examples/programs.js';
export * from './render/index.js';
export * from './litmus/index.js';
export * from './tmigr/api.js';
