export type * from './ast.js';
export { type CompiledLitmus, compileLitmus, type OutcomeVar } from './compile.js';
export { type ReachabilityCheck, type ReachabilityOptions, runLitmusByReachability } from './enumerate.js';
export { LitmusSyntaxError, LitmusUnsupportedError, type SourcePos } from './errors.js';
export { parseLitmus } from './parser.js';
export { PRIMITIVES, type Primitive, supportedPrimitives } from './primitives.js';
export { printCExpr } from './print.js';
export {
  evalOnView,
  explainFinal,
  formatFinal,
  formatFlags,
  formatObservation,
  type HerdVerdict,
  type JudgedVerdict,
  type LitmusFinal,
  type LitmusOutcome,
  type LitmusWitness,
  type OutcomeCollector,
  outcomeKey,
  outcomeMatch,
  outcomeProgram,
  programReaching,
  type RunLitmusOptions,
  runLitmus,
  validates,
  verdictOf,
} from './run.js';
export { type RecordedVerdicts, recordedVerdicts } from './suite.js';
