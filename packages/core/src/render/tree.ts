import type { StateView } from '../explore/semantics.js';
import type { Trace } from '../explore/trace.js';
import { buildForest, type HierarchySnapshot, MISMATCH_LEGEND } from './hierarchy.js';
import { drawForest, type LayoutOptions } from './layout.js';
import { describeStepLine, type TraceNaming } from './naming.js';

/** What the tree renderer needs from a model: naming plus a decoder from states to hierarchies. */
export interface HierarchySource extends TraceNaming {
  snapshot(view: StateView): HierarchySnapshot;
}

/** Options of {@link renderTreeTrace}. */
export interface TreeRenderOptions extends LayoutOptions {
  /** The violated property (invariant violations have no violating step in the trace). */
  readonly property?: string | null;
  /** Spaces before every tree line (default 4). */
  readonly indent?: number;
}

/** One rendered step: its line, and the tree after it when the tree changed. */
export interface RenderedStep {
  /** 1-based step number. */
  readonly index: number;
  readonly line: string;
  readonly violation: string | null;
  readonly stale: boolean;
  /** The hierarchy after this step, or null when the step changed no drawn tree. */
  readonly tree: readonly string[] | null;
}

/** The initial tree and every step with its tree (when it changed one). */
export interface RenderedTrace {
  readonly initial: readonly string[];
  readonly steps: readonly RenderedStep[];
}

/**
 * Renders each state of a trace as hierarchy trees; a step gets a tree when the drawn hierarchy
 * (a group's state or migrator, a parent link, a CPU's state) differs from the one before it.
 */
export function renderedTrace(
  trace: Trace,
  source: HierarchySource,
  options: LayoutOptions = {},
): RenderedTrace {
  const draw = (view: StateView): string[] =>
    drawForest(buildForest(source.snapshot(view)), { ...options, legend: false });
  const initial = draw(trace.initial);
  let previous = initial.join('\n');
  const steps = trace.steps.map((s, i): RenderedStep => {
    let tree: string[] | null = null;
    if (s.after) {
      const now = draw(s.after);
      const text = now.join('\n');
      if (text !== previous) tree = now;
      previous = text;
    }
    return {
      index: i + 1,
      line: describeStepLine(source, s.step),
      violation: s.violation ?? null,
      stale: s.step.stale !== undefined,
      tree,
    };
  });
  return { initial, steps };
}

/**
 * Renders a violation trace in the style of the kernel's commit messages: the initial
 * hierarchy, then one numbered heading and tree per step that changes the hierarchy, and
 * one compact line for every other step. Stale reads (LKMM) say whose store was not visible.
 */
export function renderTreeTrace(
  trace: Trace,
  source: HierarchySource,
  options: TreeRenderOptions = {},
): string {
  const rendered = renderedTrace(trace, source, options);
  const pad = ' '.repeat(options.indent ?? 4);
  const width = String(trace.steps.length).length;
  const out: string[] = ['0) initial state', ''];
  let legendShown = false;
  const tree = (lines: readonly string[]): void => {
    for (const l of lines) out.push(l === '' ? '' : pad + l);
    out.push('');
    // The `*` mark is explained once, under the first tree that uses it.
    if (!legendShown && lines.some((l) => /(active|idle|offline)\*/.test(l))) {
      out.push(pad + MISMATCH_LEGEND, '');
      legendShown = true;
    }
  };
  tree(rendered.initial);
  let compactRun = false;
  for (const s of rendered.steps) {
    const mark = s.violation ? `  <-- violates ${s.violation}` : '';
    const head = `${String(s.index).padStart(width)}) ${s.line}${mark}`;
    if (s.tree) {
      if (compactRun) out.push('');
      out.push(head, '');
      tree(s.tree);
      compactRun = false;
    } else {
      out.push(head);
      compactRun = true;
    }
  }
  if (compactRun) out.push('');
  const last = rendered.steps[rendered.steps.length - 1];
  const property = options.property ?? last?.violation ?? null;
  if (property) {
    const where = last?.violation ? `step ${last.index}` : 'the state after the last step';
    out.push(`==> ${property} is violated by ${where}`);
  }
  return out.join('\n').replace(/\n+$/, '');
}
