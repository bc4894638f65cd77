/** `defineVariant()` and loading a user's variant file. */
import { nodeBuiltin } from '../../node-builtins.js';
import type { Emitters, Variant, VariantDefinition } from '../types.js';

/** Thrown for a bad user variant (one line). */
export class VariantError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'VariantError';
  }
}

/** Builds a variant from a base and per-function overrides. */
export function defineVariantFrom(def: VariantDefinition, lookup: (name: string) => Variant): Variant {
  if (!def || typeof def !== 'object')
    throw new VariantError('defineVariant: expected an object { name, base, description, overrides }');
  if (typeof def.name !== 'string' || def.name.trim() === '')
    throw new VariantError('defineVariant: name must be a non-empty string');
  if (typeof def.description !== 'string')
    throw new VariantError(`defineVariant(${def.name}): description must be a string`);
  const base = typeof def.base === 'string' ? lookup(def.base) : def.base;
  if (!base || typeof base !== 'object' || !base.emitters)
    throw new VariantError(`defineVariant(${def.name}): base must be a variant name or a variant`);
  const overrides = def.overrides ?? {};
  for (const [k, v] of Object.entries(overrides)) {
    if (!(k in base.emitters)) {
      throw new VariantError(
        `defineVariant(${def.name}): overrides.${k} is not a kernel function of the model (known: ${Object.keys(base.emitters).join(', ')})`,
      );
    }
    if (typeof v !== 'function')
      throw new VariantError(
        `defineVariant(${def.name}): overrides.${k} must be a function (ctx, ...) => void`,
      );
  }
  const emitters = { ...base.emitters, ...overrides } as Emitters;
  const remove = new Set(def.removeWarns ?? []);
  const warns = [
    ...base.warns.filter((w) => !remove.has(w)),
    ...(def.addWarns ?? []).filter((w) => !base.warns.includes(w)),
  ];
  return {
    name: def.name,
    description: def.description,
    kernel: def.kernel ?? `user variant based on ${base.name}`,
    base: base.name,
    emitters,
    setup: { ...base.setup, ...(def.setup ?? {}) },
    warns,
  };
}

function isVariant(x: unknown): x is Variant {
  if (!x || typeof x !== 'object') return false;
  const v = x as Partial<Variant>;
  return (
    typeof v.name === 'string' &&
    typeof v.emitters === 'object' &&
    v.emitters !== null &&
    typeof v.setup === 'object' &&
    Array.isArray(v.warns)
  );
}

/**
 * Imports an ESM file and returns its `default` (or `variant`) export: a variant made with
 * `defineVariant()`, or a plain definition `{ name, base, description, overrides }` (so the
 * file needs no import of this package).
 */
export async function loadVariantFile(path: string, lookup?: (name: string) => Variant): Promise<Variant> {
  const nodeUrl = nodeBuiltin<{ pathToFileURL(p: string): URL }>('node:url');
  const nodePath = nodeBuiltin<{ resolve(p: string): string }>('node:path');
  const url = nodeUrl && nodePath ? nodeUrl.pathToFileURL(nodePath.resolve(path)).href : path;
  let mod: Record<string, unknown>;
  try {
    mod = (await import(url)) as Record<string, unknown>;
  } catch (e) {
    const msg = e instanceof Error ? e.message.split('\n')[0] : String(e);
    throw new VariantError(`${path}: cannot import the variant module: ${msg}`);
  }
  const v = mod.default ?? mod.variant;
  if (lookup && v && typeof v === 'object' && !isVariant(v) && 'base' in v) {
    try {
      return defineVariantFrom(v as VariantDefinition, lookup);
    } catch (e) {
      throw new VariantError(`${path}: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  if (!isVariant(v)) {
    throw new VariantError(
      `${path}: expected a default export made with defineVariant({ name, base, description, overrides })`,
    );
  }
  return v;
}
