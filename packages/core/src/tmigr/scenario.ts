/**
 * Scenario files: JSON or YAML, validated against the same rules as the published JSON Schema
 * (`schema/scenario.schema.json`). Every error is one line naming the field path and, for
 * parsed text, the line:col of the offending value, e.g.
 * `seed.yaml:12:9: scenario.cpus[2].script[0]: unknown action 'sleep' (expected activate|deactivate|...)`.
 */

import { type Document, LineCounter, parseDocument } from 'yaml';
import { type NodeFs, nodeBuiltin } from '../node-builtins.js';
import { MAX_EXPIRY } from './constants.js';
import { PRESETS } from './scenarios/presets.js';
import { jsonSyntaxError } from './strict-json.js';
import { ACTION_NAMES, type Scenario, ScenarioError } from './types.js';

type Path = (string | number)[];

function pathText(path: Path): string {
  let s = 'scenario';
  for (const p of path) s += typeof p === 'number' ? `[${p}]` : `.${p}`;
  return s;
}

class Invalid extends Error {
  constructor(
    readonly path: Path,
    readonly detail: string,
  ) {
    super(`${pathText(path)}: ${detail}`);
  }
}

const isObj = (x: unknown): x is Record<string, unknown> =>
  typeof x === 'object' && x !== null && !Array.isArray(x);

function expectObject(x: unknown, path: Path, keys: readonly string[]): Record<string, unknown> {
  if (!isObj(x)) throw new Invalid(path, `expected an object, got ${describe(x)}`);
  for (const k of Object.keys(x)) {
    if (!keys.includes(k))
      throw new Invalid([...path, k], `unknown field (expected one of ${keys.join(', ')})`);
  }
  return x;
}

function describe(x: unknown): string {
  if (x === null) return 'null';
  if (Array.isArray(x)) return 'a list';
  if (typeof x === 'string') return `'${x}'`;
  return typeof x === 'object' ? 'an object' : String(x);
}

function int(x: unknown, path: Path, min: number, max: number): number {
  if (typeof x !== 'number' || !Number.isInteger(x))
    throw new Invalid(path, `expected an integer, got ${describe(x)}`);
  if (x < min || x > max) throw new Invalid(path, `${x} is out of range (${min}..${max})`);
  return x;
}

function str(x: unknown, path: Path): string {
  if (typeof x !== 'string') throw new Invalid(path, `expected a string, got ${describe(x)}`);
  return x;
}

function expiry(x: unknown, path: Path): number | null {
  if (x === null || x === 'KTIME_MAX') return null;
  return int(x, path, 1, MAX_EXPIRY);
}

const STATES = ['active', 'idle', 'offline', 'absent'] as const;

/** Validates a plain object (already parsed) and returns the typed scenario. */
export function validateScenario(raw: unknown): Scenario {
  const top = expectObject(raw, [], ['name', 'description', 'machine', 'cpus', 'bounds', 'expect']);
  const name = str(top.name, ['name']);
  const description = top.description === undefined ? '' : str(top.description, ['description']);
  const m = expectObject(top.machine, ['machine'], ['possibleCpus', 'nodes', 'childrenPerGroup']);
  const possibleCpus = int(m.possibleCpus, ['machine', 'possibleCpus'], 2, 4096);
  const nodes = int(m.nodes ?? 1, ['machine', 'nodes'], 1, 64);
  const childrenPerGroup = int(m.childrenPerGroup ?? 8, ['machine', 'childrenPerGroup'], 2, 8);
  if (!Array.isArray(top.cpus) || top.cpus.length === 0)
    throw new Invalid(['cpus'], `expected a non-empty list of CPUs, got ${describe(top.cpus)}`);
  const seen = new Set<number>();
  const cpus = top.cpus.map((c, i) => {
    const p: Path = ['cpus', i];
    const o = expectObject(c, p, ['cpu', 'node', 'state', 'timer', 'script']);
    const cpu = int(o.cpu, [...p, 'cpu'], 0, possibleCpus - 1);
    if (seen.has(cpu)) throw new Invalid([...p, 'cpu'], `CPU ${cpu} is listed twice`);
    seen.add(cpu);
    const state = str(o.state, [...p, 'state']);
    if (!(STATES as readonly string[]).includes(state))
      throw new Invalid([...p, 'state'], `unknown state '${state}' (expected ${STATES.join('|')})`);
    const entry: Record<string, unknown> = { cpu, state };
    if (o.node !== undefined) entry.node = int(o.node, [...p, 'node'], 0, nodes - 1);
    if (o.timer !== undefined) entry.timer = expiry(o.timer, [...p, 'timer']);
    if (o.script !== undefined) {
      if (!Array.isArray(o.script))
        throw new Invalid([...p, 'script'], `expected a list of actions, got ${describe(o.script)}`);
      entry.script = o.script.map((a, j) => validateAction(a, [...p, 'script', j], possibleCpus));
    }
    return entry;
  });
  if (!cpus.some((c) => c.state !== 'absent'))
    throw new Invalid(['cpus'], 'at least one CPU must be present (not absent) to boot');
  if (cpus[0]!.state === 'absent')
    throw new Invalid(['cpus', 0, 'state'], 'the first CPU is the boot CPU and must be present');
  if (!cpus.some((c) => ((c.script as unknown[] | undefined) ?? []).length > 0))
    throw new Invalid(
      ['cpus'],
      'no CPU has a script, so nothing happens: give at least one CPU a script (e.g. script: [deactivate])',
    );
  // Targets of prepare must be listed and absent.
  cpus.forEach((c, i) => {
    ((c.script as { action: string; cpu?: number }[] | undefined) ?? []).forEach((a, j) => {
      if (a.action !== 'prepare') return;
      const target = cpus.find((x) => x.cpu === a.cpu);
      if (!target)
        throw new Invalid(['cpus', i, 'script', j, 'cpu'], `CPU ${a.cpu} is not listed in scenario.cpus`);
      if (target.state !== 'absent')
        throw new Invalid(
          ['cpus', i, 'script', j, 'cpu'],
          `CPU ${a.cpu} is already prepared (its state is '${String(target.state)}', expected 'absent')`,
        );
      if (a.cpu === c.cpu)
        throw new Invalid(
          ['cpus', i, 'script', j, 'cpu'],
          'a CPU cannot prepare itself (the control CPU must be another, online CPU)',
        );
    });
    const script = (c.script as { action: string }[] | undefined) ?? [];
    if (c.state === 'absent' && script.length > 0 && script[0]!.action !== 'online') {
      throw new Invalid(
        ['cpus', i, 'script', 0],
        `CPU ${String(c.cpu)} is absent: its script must start with 'online' (after another CPU prepared it)`,
      );
    }
  });
  let bounds: Record<string, number> | undefined;
  if (top.bounds !== undefined) {
    const b = expectObject(top.bounds, ['bounds'], ['retries', 'time']);
    bounds = {};
    if (b.retries !== undefined) bounds.retries = int(b.retries, ['bounds', 'retries'], 0, 16);
    if (b.time !== undefined) bounds.time = int(b.time, ['bounds', 'time'], 0, MAX_EXPIRY);
  }
  const out: Record<string, unknown> = {
    name,
    description,
    machine: { possibleCpus, nodes, childrenPerGroup },
    cpus,
  };
  if (bounds) out.bounds = bounds;
  if (top.expect !== undefined) {
    if (!isObj(top.expect)) throw new Invalid(['expect'], `expected an object, got ${describe(top.expect)}`);
    out.expect = top.expect;
  }
  return out as unknown as Scenario;
}

function validateAction(a: unknown, path: Path, possibleCpus: number): Record<string, unknown> {
  if (typeof a === 'string') a = { action: a };
  if (!isObj(a)) throw new Invalid(path, `expected an action, got ${describe(a)}`);
  const action = a.action;
  if (typeof action !== 'string' || !(ACTION_NAMES as readonly string[]).includes(action)) {
    throw new Invalid(path, `unknown action ${describe(action)} (expected ${ACTION_NAMES.join('|')})`);
  }
  const allowed: Record<string, readonly string[]> = {
    activate: [],
    deactivate: ['nextexp'],
    'new-timer': ['expiry'],
    'handle-remote': [],
    'requires-handle-remote': [],
    'quick-check': ['nextevt'],
    prepare: ['cpu'],
    online: [],
    offline: [],
    cycles: ['count', 'nextexp'],
  };
  expectObject(a, path, ['action', ...allowed[action]!]);
  const out: Record<string, unknown> = { action };
  switch (action) {
    case 'deactivate':
      if (a.nextexp !== undefined) out.nextexp = expiry(a.nextexp, [...path, 'nextexp']);
      break;
    case 'new-timer': {
      const e = expiry(a.expiry, [...path, 'expiry']);
      if (e === null) throw new Invalid([...path, 'expiry'], 'a new timer needs a finite expiry');
      out.expiry = e;
      break;
    }
    case 'quick-check':
      if (a.nextevt !== undefined) out.nextevt = expiry(a.nextevt, [...path, 'nextevt']);
      break;
    case 'prepare':
      out.cpu = int(a.cpu, [...path, 'cpu'], 0, possibleCpus - 1);
      break;
    case 'cycles':
      out.count = int(a.count, [...path, 'count'], 1, 8);
      if (a.nextexp !== undefined) out.nextexp = expiry(a.nextexp, [...path, 'nextexp']);
      break;
    default:
      break;
  }
  return out;
}

/** Position (line:col) of the node at `path` in a parsed document, if known. */
function positionOf(doc: Document, lc: LineCounter, path: Path): string | null {
  for (let n = path.length; n >= 0; n--) {
    const node = doc.getIn(path.slice(0, n), true) as { range?: [number, number, number] } | undefined;
    if (node?.range) {
      const { line, col } = lc.linePos(node.range[0]);
      return `${line}:${col}`;
    }
  }
  return null;
}

/** Parses and validates scenario text (JSON or YAML; `file`'s extension or `format` decides). */
export function parseScenarioText(text: string, file: string, format?: 'json' | 'yaml'): Scenario {
  const lc = new LineCounter();
  const fmt = format ?? (/\.json$/i.test(file) ? 'json' : 'yaml');
  // JSON is strict JSON (the YAML parser below would accept trailing commas and comments).
  if (fmt === 'json') strictJson(text, file);
  const doc = parseDocument(text, { lineCounter: lc, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    const e = doc.errors[0]!;
    const { line, col } = lc.linePos(e.pos[0]);
    const msg = e.message.split('\n')[0];
    throw new ScenarioError(`${file}:${line}:${col}: invalid ${fmt.toUpperCase()}: ${msg}`);
  }
  const raw = doc.toJS() as unknown;
  try {
    return validateScenario(raw);
  } catch (e) {
    if (e instanceof Invalid) {
      const pos = positionOf(doc, lc, e.path);
      throw new ScenarioError(`${file}${pos ? `:${pos}` : ''}: ${e.message}`);
    }
    throw e;
  }
}

/** Throws a ScenarioError with line and column when `text` is not strict JSON. */
function strictJson(text: string, file: string): void {
  const e = jsonSyntaxError(text);
  if (!e) return;
  const before = text.slice(0, e.offset).split('\n');
  const col = before[before.length - 1]!.length + 1;
  throw new ScenarioError(`${file}:${before.length}:${col}: invalid JSON: ${e.message}`);
}

/** Validates an object (e.g. a TS-defined scenario), with path-only messages. */
export function checkScenarioObject(raw: unknown): Scenario {
  try {
    return validateScenario(raw);
  } catch (e) {
    if (e instanceof Invalid) throw new ScenarioError(e.message);
    throw e;
  }
}

/** A preset name, a file path, or text (when `format` is given). */
export function loadScenarioFrom(nameOrPathOrText: string, format?: 'json' | 'yaml'): Scenario {
  if (format) return parseScenarioText(nameOrPathOrText, `<${format}>`, format);
  const preset = PRESETS.find((p) => p.name === nameOrPathOrText);
  if (preset) return preset;
  const fs = nodeBuiltin<NodeFs>('node:fs');
  if (fs?.existsSync(nameOrPathOrText)) {
    let text: string;
    try {
      text = fs.readFileSync(nameOrPathOrText, 'utf8');
    } catch (e) {
      throw new ScenarioError(
        `${nameOrPathOrText}: cannot read: ${e instanceof Error ? e.message : String(e)}`,
      );
    }
    return parseScenarioText(text, nameOrPathOrText);
  }
  throw new ScenarioError(
    `'${nameOrPathOrText}' is neither a scenario preset (${PRESETS.map((p) => p.name).join(', ')}) nor a readable file`,
  );
}
