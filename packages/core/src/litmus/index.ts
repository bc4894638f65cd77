export type * from './ast.js';
export { LitmusSyntaxError, LitmusUnsupportedError, type SourcePos } from './errors.js';
export { parseLitmus } from './parser.js';
export { compileLitmus, type CompiledLitmus, type OutcomeVar } from './compile.js';
export { PRIMITIVES, supportedPrimitives, type Primitive } from './primitives.js';
export { printCExpr } from './print.js';
export {
  runLitmus,
  explainFinal,
  formatObservation,
  formatFinal,
  verdictOf,
  validates,
  outcomeKey,
  outcomeMatch,
  programReaching,
  evalOnView,
  type HerdVerdict,
  type JudgedVerdict,
  type LitmusFinal,
  type LitmusOutcome,
  type LitmusWitness,
  type RunLitmusOptions,
} from './run.js';
export { runLitmusByReachability, type ReachabilityCheck, type ReachabilityOptions } from './enumerate.js';
export { recordedVerdicts, type RecordedVerdicts } from './suite.js';
