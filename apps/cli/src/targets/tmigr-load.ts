import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  buildTmigrModel,
  CVariantError,
  getVariant,
  listScenarios,
  listVariants,
  loadScenario,
  loadVariantModule,
  type Scenario,
  type Variant,
} from '@tmigr-check/core';
import { UsageError } from '../io.js';

const messageOf = (e: unknown): string => (e instanceof Error ? e.message : String(e));

/** True when a --scenario/--variant argument names a file rather than a preset. */
export function looksLikeFile(arg: string): boolean {
  return /[\\/]/.test(arg) || /\.(json|ya?ml|m?js|cjs|ts|mts|c)$/i.test(arg) || existsSync(arg);
}

/** A scenario by preset name or file; bad input becomes one UsageError line. */
export function resolveScenario(arg: string): Scenario {
  if (!looksLikeFile(arg) && !listScenarios().some((s) => s.name === arg)) {
    throw new UsageError(
      `--scenario: unknown scenario '${arg}' (known: ${listScenarios()
        .map((s) => s.name)
        .join(', ')}; or give a .json/.yaml file)`,
    );
  }
  if (looksLikeFile(arg) && !existsSync(arg)) throw new UsageError(`--scenario: no such file '${arg}'`);
  try {
    return loadScenario(arg);
  } catch (e) {
    throw new UsageError(`--scenario: ${messageOf(e)}`);
  }
}

/**
 * A kernel variant by name, a kernel C file (`.c`, see `parseVariantC`), or the variant
 * exported by an ESM file (imported with `import()`).
 */
export async function resolveVariant(arg: string): Promise<Variant> {
  if (looksLikeFile(arg)) {
    if (!existsSync(arg)) throw new UsageError(`--variant: no such file '${arg}'`);
    try {
      // A C file keeps the path as given, so errors read `file:line:col: message`.
      return await loadVariantModule(/\.c$/i.test(arg) ? arg : resolve(arg));
    } catch (e) {
      if (e instanceof CVariantError) throw new UsageError(e.message);
      throw new UsageError(`--variant: ${messageOf(e)}`);
    }
  }
  if (!listVariants().some((v) => v.name === arg)) {
    throw new UsageError(
      `--variant: unknown kernel variant '${arg}' (known: ${listVariants()
        .map((v) => v.name)
        .join(', ')}; or give a .c or ESM file)`,
    );
  }
  return getVariant(arg);
}

/** The variant `check --scenario` uses without `--variant`: the pre-fix kernel when it ships. */
export function defaultVariantName(): string {
  const names = listVariants().map((v) => v.name);
  return names.includes('v7.1-rc1') ? 'v7.1-rc1' : (names[0] ?? 'v7.1-rc1');
}

/**
 * Validates `--property` names against what the scenario checks under the variant; returns
 * undefined (check everything) when none is given.
 */
export function resolveProperties(
  scenario: Scenario,
  variant: Variant,
  names: readonly string[] | undefined,
): readonly string[] | undefined {
  if (!names || names.length === 0) return undefined;
  let known: readonly string[];
  try {
    known = buildTmigrModel(scenario, variant).properties;
  } catch (e) {
    throw new UsageError(`--scenario ${scenario.name}: ${messageOf(e)}`);
  }
  for (const n of names) {
    if (!known.includes(n)) {
      throw new UsageError(
        `--property: unknown property '${n}' (known: ${known.map((k) => `'${k}'`).join(', ')})`,
      );
    }
  }
  return [...new Set(names)];
}
