/**
 * The public API of the tmigr model: scenarios, kernel variants, building the model and
 * checking it with the reference explorer. Everything here is exported from
 * `@tmigr-check/core`.
 */
import { semanticsFor } from '../check.js';
import { explore } from '../explore/bfs.js';
import type { StateView } from '../explore/semantics.js';
import { quiescentCuts } from '../models/lkmm/cuts.js';
import { LkmmSemantics, type LkmmState } from '../models/lkmm/semantics.js';
import { type NodeFs, nodeBuiltin } from '../node-builtins.js';
import { CVariantError, type ParseVariantCOptions, parseVariantCWith } from './c/index.js';
import { buildModel } from './model.js';
import { INVARIANTS } from './properties.js';
import { loadScenarioFrom, parseScenarioText } from './scenario.js';
import { PRESETS } from './scenarios/presets.js';
import { snapshotOf } from './snapshot.js';
import type {
  BuildOptions,
  Scenario,
  TmigrCheckOptions,
  TmigrCheckResult,
  TmigrLayout,
  TmigrModel,
  TmigrSnapshot,
  Variant,
  VariantDefinition,
} from './types.js';
import { defineVariantFrom, loadVariantFile, VARIANTS, VariantError } from './variants/index.js';

export { KTIME_MAX, packState, TMIGR_NONE, type TmigrState, unpackState } from './constants.js';
export { INVARIANTS };

const isInvariant = (p: string): boolean => (INVARIANTS as readonly string[]).includes(p);

export { CVariantError, type ParseVariantCOptions } from './c/index.js';
export { computeLevels, type LevelInfo } from './topology.js';
export * from './types.js';

/** The preset scenarios that ship with core (`seed` first). */
export function listScenarios(): { name: string; description: string }[] {
  return PRESETS.map((s) => ({ name: s.name, description: s.description }));
}

/**
 * A scenario by preset name, by file path (`.json`, `.yaml`, `.yml`), or from text when
 * `format` is given. Throws {@link ScenarioError} (one line, with the field path and, for files,
 * line:col) on bad input.
 */
export function loadScenario(nameOrPathOrText: string, format?: 'json' | 'yaml'): Scenario {
  return loadScenarioFrom(nameOrPathOrText, format);
}

/** Parses and validates scenario text; `file` names the source in messages (its extension picks the format). */
export function parseScenario(text: string, file: string): Scenario {
  return parseScenarioText(text, file);
}

/** The kernel variants that ship with core. */
export function listVariants(): { name: string; description: string; kernel: string }[] {
  return VARIANTS.map((v) => ({ name: v.name, description: v.description, kernel: v.kernel }));
}

/** A shipped variant by name; throws with the list of known names otherwise. */
export function getVariant(name: string): Variant {
  const v = VARIANTS.find((x) => x.name === name);
  if (!v)
    throw new Error(`unknown kernel variant '${name}' (known: ${VARIANTS.map((x) => x.name).join(', ')})`);
  return v;
}

/** Defines a variant from a base variant and per-function overrides (for users' own files). */
export function defineVariant(def: VariantDefinition): Variant {
  return defineVariantFrom(def, getVariant);
}

/**
 * A variant written in kernel C: function definitions that replace those of a base variant
 * (named by the header `// tmigr-check: base v7.1-rc1, name my-fix` or by `options.base`).
 * Throws {@link CVariantError} (`file:line:col: message`) on bad input.
 */
export function parseVariantC(text: string, options: ParseVariantCOptions = {}): Variant {
  return parseVariantCWith(text, options, getVariant, (v) => {
    // Every preset runs the functions a scenario can reach: lowering errors show up here.
    for (const s of PRESETS) {
      try {
        buildModel(s, v);
      } catch (e) {
        if (e instanceof CVariantError) throw e;
      }
    }
  });
}

/**
 * Loads a user's variant file: a `.c` file (see {@link parseVariantC}), or an ESM file whose
 * `default` (or `variant`) export is made with {@link defineVariant}. Throws one clear line if
 * the file has no valid variant.
 */
export function loadVariantModule(path: string): Promise<Variant> {
  if (/\.c$/i.test(path)) {
    const fs = nodeBuiltin<NodeFs>('node:fs');
    if (!fs) return Promise.reject(new VariantError(`${path}: reading files needs Node`));
    let text: string;
    try {
      text = fs.readFileSync(path, 'utf8');
    } catch (e) {
      return Promise.reject(
        new VariantError(`${path}: cannot read the file: ${e instanceof Error ? e.message : String(e)}`),
      );
    }
    try {
      return Promise.resolve(parseVariantC(text, { file: path }));
    } catch (e) {
      return Promise.reject(e);
    }
  }
  return loadVariantFile(path, getVariant);
}

/** Builds the IR program, layout and invariants for a scenario under a kernel variant. */
export function buildTmigrModel(
  scenario: Scenario,
  variant: Variant,
  options: BuildOptions = {},
): TmigrModel {
  return buildModel(scenario, variant, options);
}

/** Decodes a state into the hierarchy (groups and CPUs), for renderers. */
export function snapshot(layout: TmigrLayout, view: StateView): TmigrSnapshot {
  return snapshotOf(layout, view);
}

/**
 * Checks a scenario under a variant with the reference explorer (`semanticsFor` + `explore`
 * with the model's invariant hook). Deadlock is checked when `deadlock` is among the properties.
 */
export function checkTmigr(
  scenario: Scenario,
  variant: Variant,
  options: TmigrCheckOptions = {},
): TmigrCheckResult {
  const model =
    options.tmigrModel ??
    buildModel(scenario, variant, options.properties ? { properties: options.properties } : {});
  const sem =
    options.model === 'lkmm' && options.lkmmOrder
      ? new LkmmSemantics(model.program, { order: options.lkmmOrder })
      : semanticsFor(model.program, options.model ?? 'sc');
  const cutCheck = sem instanceof LkmmSemantics && model.properties.some((p) => isInvariant(p));
  const boundaries = model.layout.threads.map((t) => t.boundaries);
  let cut: string | undefined;
  /**
   * Under the LKMM, the invariants also hold at every quiescent cut of every finished
   * execution (models/lkmm/cuts.ts): the canonical schedule visits only some of them as states.
   */
  const invariant = (view: StateView, state: unknown): string | null => {
    const bad = model.invariant(view, state);
    if (bad || !cutCheck || !sem.isFinal(state as LkmmState) || view.settled === false) return bad;
    const s = state as LkmmState;
    for (const c of quiescentCuts(model.program, s.graph, s.threads, boundaries)) {
      const atCut = model.invariant(c.view);
      if (atCut) {
        cut = describeCut(model, c.nextOp);
        return atCut;
      }
    }
    return null;
  };
  const result = explore(sem, {
    invariant,
    deadlock: model.properties.includes('deadlock'),
    ...(options.maxStates !== undefined ? { maxStates: options.maxStates } : {}),
    ...(options.maxSeconds !== undefined ? { maxSeconds: options.maxSeconds } : {}),
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    ...(options.shouldStop ? { shouldStop: options.shouldStop } : {}),
    ...(options.search ? { search: options.search } : {}),
    ...(options.visitedCap !== undefined ? { visitedCap: options.visitedCap } : {}),
  });
  return { ...result, tmigr: model, ...(cut !== undefined && result.verdict === 'violation' ? { cut } : {}) };
}

/** Names a quiescent cut: what each thread is about to do (`nextOp[i]`: operation index, -1 finished). */
export function describeCut(model: TmigrModel, nextOp: readonly number[]): string {
  const parts = model.layout.threads.map((t, i) => {
    const op = nextOp[i]!;
    if (op < 0) return `${t.name} finished`;
    const script = t.cpu === null ? undefined : model.scenario.cpus.find((c) => c.cpu === t.cpu)?.script;
    const action = script?.[op]?.action;
    return `${t.name} before its operation ${op + 1}${action ? ` (${action})` : ''}`;
  });
  return parts.join(', ');
}
