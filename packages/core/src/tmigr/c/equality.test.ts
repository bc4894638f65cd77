/**
 * Same answers: each C variant (examples/*.c, written from the emitters and the kernel) gives
 * the same verdict, property and state count as its emitter variant on its presets under SC,
 * TSO and LKMM; where the lowering produces the emitter's instructions exactly, the programs
 * are compared instruction by instruction.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { ModelName } from '../../explore/semantics.js';
import type { Program } from '../../ir/types.js';
import {
  buildTmigrModel,
  checkTmigr,
  defineVariant,
  getVariant,
  loadScenario,
  loadVariantModule,
  parseVariantC,
} from '../api.js';
import * as E from '../emit/exprs.js';
import type { Emitters, Variant } from '../types.js';

const here = dirname(fileURLToPath(import.meta.url));
const example = (f: string): Variant =>
  parseVariantC(readFileSync(join(here, 'examples', f), 'utf8'), { file: f });

/** The instructions of every thread, without source annotations. */
export function instructions(p: Program): string {
  return JSON.stringify(p.threads.map((t) => t.code.map(({ src: _src, ...rest }) => rest)));
}

/**
 * The emitter variant with the dead locals of `fn` reset when it returns, as the C front end
 * does for every function (the emitter of `fn` leaves them set: more states, same behaviour).
 */
function killingLocals(v: Variant, fn: keyof Emitters, regs: readonly string[]): Variant {
  const inner = v.emitters[fn] as (...a: unknown[]) => void;
  const wrapped = (ctx: Parameters<Emitters['tmigr_active_up']>[0], ...rest: unknown[]) => {
    inner(ctx, ...rest);
    ctx.kill(regs.map((r) => ctx.reg(r)));
  };
  return { ...v, emitters: { ...v.emitters, [fn]: wrapped } as Emitters };
}

const MODELS: readonly ModelName[] = ['sc', 'tso', 'lkmm'];

interface Case {
  readonly file: string;
  readonly reference: Variant;
  readonly presets: readonly string[];
  /** The lowering gives the emitter's instructions exactly on these presets. */
  readonly sameInstructions?: readonly string[];
}

const CASES: readonly Case[] = [
  {
    file: 'bd3c45dd01.c',
    reference: killingLocals(getVariant('bd3c45dd01'), 'tmigr_setup_groups_activate', [
      'tmigr_setup_groups.state',
    ]),
    presets: ['b729cc1ec21a', 'no-seq'],
  },
  { file: 'no-seq.c', reference: getVariant('no-seq'), presets: ['no-seq', 'idle-cycles-4cpu'] },
  {
    file: 'b729cc1ec21a.c',
    reference: getVariant('b729cc1ec21a'),
    presets: ['b729cc1ec21a'],
    sameInstructions: ['b729cc1ec21a'],
  },
  { file: 'facd40aa5c46.c', reference: getVariant('facd40aa5c46'), presets: ['idle-cycles-4cpu', 'no-seq'] },
];

describe('C variants give the same answers as their emitter variants', () => {
  for (const k of CASES) {
    const c = example(k.file);
    it(`${k.file}: same WARN properties as ${k.reference.name}`, () => {
      expect(c.warns).toEqual(k.reference.warns);
      expect(c.setup).toEqual(k.reference.setup);
    });
    for (const preset of k.presets) {
      const scenario = loadScenario(preset);
      if (k.sameInstructions?.includes(preset)) {
        it(`${k.file} on ${preset}: the same instructions`, () => {
          expect(instructions(buildTmigrModel(scenario, c).program)).toBe(
            instructions(buildTmigrModel(scenario, k.reference).program),
          );
        });
      }
      for (const model of MODELS) {
        it(`${k.file} on ${preset} under ${model}: same verdict and state count`, () => {
          const a = checkTmigr(scenario, c, { model });
          const b = checkTmigr(scenario, k.reference, { model });
          expect(a.complete).toBe(true);
          expect({ verdict: a.verdict, property: a.property, states: a.states }).toEqual({
            verdict: b.verdict,
            property: b.property,
            states: b.states,
          });
        });
      }
    }
  }
});

describe('the docs example mb-then-read: C and the emitter API give the same answers', () => {
  const docs = join(here, '..', '..', '..', '..', '..', 'apps', 'docs', 'examples');
  it('mb-then-read.c against mb-then-read.mjs on two presets under SC, TSO and LKMM', async () => {
    // The .mjs imports @tmigr-check/core; run it against this source tree instead.
    const g = globalThis as { __tmigrCore?: unknown };
    g.__tmigrCore = { defineVariant, E };
    const dir = mkdtempSync(join(tmpdir(), 'tmigr-c-'));
    const mjs = join(dir, 'mb-then-read.mjs');
    writeFileSync(
      mjs,
      readFileSync(join(docs, 'mb-then-read.mjs'), 'utf8').replace(
        "import { defineVariant, E } from '@tmigr-check/core';",
        'const { defineVariant, E } = globalThis.__tmigrCore;',
      ),
    );
    const api = killingLocals(await loadVariantModule(mjs), 'tmigr_setup_groups_activate', [
      'tmigr_setup_groups.state',
    ]);
    const c = parseVariantC(readFileSync(join(docs, 'mb-then-read.c'), 'utf8'), { file: 'mb-then-read.c' });
    expect(c.warns).toEqual(api.warns);
    for (const preset of ['b729cc1ec21a', 'no-seq']) {
      for (const model of MODELS) {
        const a = checkTmigr(loadScenario(preset), c, { model });
        const b = checkTmigr(loadScenario(preset), api, { model });
        expect({ preset, model, verdict: a.verdict, states: a.states }).toEqual({
          preset,
          model,
          verdict: b.verdict,
          states: b.states,
        });
      }
    }
  });
});
