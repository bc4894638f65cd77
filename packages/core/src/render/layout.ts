import { groupMode, hasMismatch, MISMATCH_LEGEND, type TreeNode } from './hierarchy.js';

/** Drawing characters: Unicode box drawing or a plain-ASCII fallback. */
interface Glyphs {
  readonly h: string;
  readonly v: string;
  readonly left: string;
  readonly right: string;
  readonly down: string;
  readonly up: string;
  readonly cross: string;
  readonly tee: string;
  readonly last: string;
}

const UNICODE: Glyphs = {
  h: '─',
  v: '│',
  left: '┌',
  right: '┐',
  down: '┬',
  up: '┴',
  cross: '┼',
  tee: '├── ',
  last: '└── ',
};
const ASCII: Glyphs = {
  h: '-',
  v: '|',
  left: '+',
  right: '+',
  down: '+',
  up: '+',
  cross: '+',
  tee: '|-- ',
  last: '`-- ',
};

/** Options of the tree layouts. */
export interface LayoutOptions {
  /** Plain ASCII instead of box-drawing characters. */
  readonly ascii?: boolean;
  /** `top-down` (commit-message style), `indented` (one node per line) or `auto` (default). */
  readonly layout?: 'top-down' | 'indented' | 'auto';
  /** `auto` falls back to `indented` when the top-down drawing is wider than this (default 110). */
  readonly maxWidth?: number;
  /** Add the legend of the `*` mark below a forest that has one (default true). */
  readonly legend?: boolean;
}

/** A drawn rectangle of text: every line is exactly `width` characters; `anchor` is the node's column. */
interface Block {
  readonly lines: string[];
  readonly width: number;
  readonly anchor: number;
}

const GAP = 2;
const ROOT_GAP = 6;

/** The text lines of a node's label (top-down). */
function labelLines(node: TreeNode): string[] {
  const mark = node.mismatch ? '*' : '';
  if (node.kind === 'cpu') return [`CPU ${node.cpu.cpu}`, node.cpu.mode + mark];
  const g = node.group;
  const lines = [`[${g.name}]`, groupMode(g) + mark];
  // Always three lines, so that sibling groups line up.
  lines.push(g.migrator !== null ? `migr ${g.migrator}` : g.active !== 0 ? 'migr none' : '');
  return lines;
}

/** The one-line label of a node (indented). */
export function nodeLabel(node: TreeNode): string {
  const mark = node.mismatch ? '*' : '';
  if (node.kind === 'cpu') return `CPU ${node.cpu.cpu}  ${node.cpu.mode}${mark}`;
  const g = node.group;
  const migr = g.migrator !== null ? ` (migr ${g.migrator})` : g.active !== 0 ? ' (migr none)' : '';
  const mask = ` 0x${(g.active >>> 0).toString(16)}`;
  return `[${g.name}] ${groupMode(g)}${mark}${g.active !== 0 ? mask : ''}${migr}`;
}

const spaces = (n: number): string => ' '.repeat(Math.max(0, n));

/** Places blocks side by side; `bottom` aligns their last lines instead of their first. */
function beside(
  blocks: readonly Block[],
  gap: number,
  bottom: boolean,
): { lines: string[]; width: number; anchors: number[] } {
  const height = Math.max(...blocks.map((b) => b.lines.length));
  const anchors: number[] = [];
  let width = 0;
  const columns: string[][] = [];
  blocks.forEach((b, i) => {
    if (i > 0) width += gap;
    anchors.push(width + b.anchor);
    const pad = height - b.lines.length;
    const lines = [...(bottom ? Array<string>(pad).fill(spaces(b.width)) : []), ...b.lines];
    while (lines.length < height) lines.push(spaces(b.width));
    columns.push(lines.map((l) => (i > 0 ? spaces(gap) : '') + l));
    width += b.width;
  });
  const lines: string[] = [];
  for (let r = 0; r < height; r++) lines.push(columns.map((c) => c[r]!).join(''));
  return { lines, width, anchors };
}

/** The connector row between a parent at `anchor` and children at `childAnchors`. */
function connector(g: Glyphs, width: number, anchor: number, childAnchors: readonly number[]): string {
  const row = Array<string>(width).fill(' ');
  const first = childAnchors[0]!;
  const last = childAnchors[childAnchors.length - 1]!;
  if (childAnchors.length === 1) {
    row[first] = g.v;
    return row.join('');
  }
  for (let i = first; i <= last; i++) row[i] = g.h;
  for (const a of childAnchors) row[a] = g.down;
  row[first] = g.left;
  row[last] = g.right;
  row[anchor] = childAnchors.includes(anchor) && anchor !== first && anchor !== last ? g.cross : g.up;
  return row.join('');
}

function center(text: string, anchor: number, width: number): string {
  const start = anchor - Math.floor((text.length - 1) / 2);
  return (spaces(start) + text + spaces(width)).slice(0, width);
}

function drawTopDown(node: TreeNode, g: Glyphs): Block {
  const labels = labelLines(node);
  const children = node.kind === 'group' ? node.children : [];
  if (children.length === 0) {
    const width = Math.max(...labels.map((l) => l.length));
    const anchor = Math.floor((width - 1) / 2);
    return { lines: labels.map((l) => center(l, anchor, width)), width, anchor };
  }
  const kids = beside(
    children.map((c) => drawTopDown(c, g)),
    GAP,
    false,
  );
  const first = kids.anchors[0]!;
  const last = kids.anchors[kids.anchors.length - 1]!;
  let anchor = Math.floor((first + last) / 2);
  // Make room for labels wider than the children.
  const leftNeed = Math.max(...labels.map((l) => Math.floor((l.length - 1) / 2)));
  const rightNeed = Math.max(...labels.map((l) => l.length - 1 - Math.floor((l.length - 1) / 2)));
  const shift = Math.max(0, leftNeed - anchor);
  anchor += shift;
  const width = Math.max(kids.width + shift, anchor + rightNeed + 1);
  const childAnchors = kids.anchors.map((a) => a + shift);
  const lines = [
    ...labels.map((l) => center(l === '' ? g.v : l, anchor, width)),
    connector(g, width, anchor, childAnchors),
    ...kids.lines.map((l) => spaces(shift) + l + spaces(width - shift - kids.width)),
  ];
  return { lines, width, anchor };
}

/** Draws a forest top-down, the roots side by side with their CPUs on the same row. */
export function topDown(forest: readonly TreeNode[], ascii = false): string[] {
  if (forest.length === 0) return ['(no group connected yet)'];
  const g = ascii ? ASCII : UNICODE;
  const all = beside(
    forest.map((n) => drawTopDown(n, g)),
    ROOT_GAP,
    true,
  );
  return all.lines.map((l) => l.trimEnd());
}

/** Draws a forest as an indented list (`├──`, `└──`, `│`), one node per line. */
export function indented(forest: readonly TreeNode[], ascii = false): string[] {
  if (forest.length === 0) return ['(no group connected yet)'];
  const g = ascii ? ASCII : UNICODE;
  const lines: string[] = [];
  const walk = (node: TreeNode, prefix: string, branch: string, isLast: boolean): void => {
    lines.push(prefix + branch + nodeLabel(node));
    if (node.kind !== 'group') return;
    const next = branch === '' ? prefix : prefix + (isLast ? '    ' : `${g.v}   `);
    node.children.forEach((c, i) => {
      const lastChild = i === node.children.length - 1;
      walk(c, next, lastChild ? g.last : g.tee, lastChild);
    });
  };
  for (const root of forest) walk(root, '', '', true);
  return lines;
}

/**
 * Draws a forest with the chosen layout. A node whose state disagrees with its bit in the
 * parent's `active` mask is marked `*` (normal while a walk is in flight), with a legend line.
 */
export function drawForest(forest: readonly TreeNode[], options: LayoutOptions = {}): string[] {
  const ascii = options.ascii ?? false;
  const layout = options.layout ?? 'auto';
  const legend = options.legend !== false && hasMismatch(forest) ? ['', MISMATCH_LEGEND] : [];
  if (layout === 'indented') return [...indented(forest, ascii), ...legend];
  const lines = topDown(forest, ascii);
  if (layout === 'top-down') return [...lines, ...legend];
  const max = options.maxWidth ?? 110;
  return [...(lines.some((l) => l.length > max) ? indented(forest, ascii) : lines), ...legend];
}
