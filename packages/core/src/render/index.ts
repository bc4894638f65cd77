/** Trace renderers: hierarchy trees (commit-message style) and ITF JSON. */
export {
  buildForest,
  type CpuMode,
  type CpuNode,
  type GroupNode,
  groupMode,
  type HierarchySnapshot,
  hasMismatch,
  MISMATCH_LEGEND,
  type TreeNode,
} from './hierarchy.js';
export {
  ITF_PC,
  ITF_STEP,
  type ItfSource,
  type ItfState,
  type ItfTrace,
  type ItfValue,
  locationVars,
  traceToItf,
} from './itf.js';
export { drawForest, indented, type LayoutOptions, nodeLabel, topDown } from './layout.js';
export { describeAccess, describeStepLine, programNaming, staleNote, type TraceNaming } from './naming.js';
export { cpuName, formatTmigrState, hierarchyOf, tmigrSource } from './tmigr-source.js';
export {
  type HierarchySource,
  type RenderedStep,
  type RenderedTrace,
  renderedTrace,
  renderTreeTrace,
  type TreeRenderOptions,
} from './tree.js';
