/**
 * The building blocks exported as `emit` are enough to change one line of a long function:
 * the docs' worked example (apps/docs/examples/update-events-one-line.mjs) with its one line
 * put back is the shipped tmigr_update_events instruction for instruction.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Program } from '../../ir/types.js';
import {
  buildTmigrModel,
  checkTmigr,
  defineVariant,
  getVariant,
  loadScenario,
  loadVariantModule,
} from '../api.js';
import * as emit from './blocks.js';

const here = dirname(fileURLToPath(import.meta.url));
const example = join(
  here,
  '..',
  '..',
  '..',
  '..',
  '..',
  'apps',
  'docs',
  'examples',
  'update-events-one-line.mjs',
);
const CHANGED = "// t.store(ctx.groupField(ch, 'groupevt_ignore'), reg(ignore), 'once');";

const instructions = (p: Program) =>
  JSON.stringify(p.threads.map((t) => t.code.map(({ src: _s, ...rest }) => rest)));

/** Loads the example against this source tree (it imports @tmigr-check/core). */
async function load(text: string) {
  (globalThis as { __tmigrCore?: unknown }).__tmigrCore = { defineVariant, emit };
  const file = join(mkdtempSync(join(tmpdir(), 'tmigr-blocks-')), 'v.mjs');
  writeFileSync(
    file,
    text.replace(
      "import { defineVariant, emit } from '@tmigr-check/core';",
      'const { defineVariant, emit } = globalThis.__tmigrCore;',
    ),
  );
  return loadVariantModule(file);
}

describe('changing one line of a long function with the exported building blocks', () => {
  const text = readFileSync(example, 'utf8');
  it('the example changes exactly one line of the copy', () => {
    expect(text).toContain(CHANGED);
  });

  it('with the line put back, the copy is tmigr_update_events of v7.1-rc1, instruction for instruction', async () => {
    const v = await load(text.replace(CHANGED, CHANGED.slice(3)));
    for (const preset of ['new-timer', 'update-events-unlocked']) {
      const s = loadScenario(preset);
      expect(instructions(buildTmigrModel(s, v).program)).toBe(
        instructions(buildTmigrModel(s, getVariant('v7.1-rc1')).program),
      );
    }
  });

  it('the changed variant builds and checks (the store is gone)', async () => {
    const v = await load(text);
    const s = loadScenario('new-timer');
    const a = buildTmigrModel(s, v).program;
    const b = buildTmigrModel(s, getVariant('v7.1-rc1')).program;
    const stores = (p: Program) => p.threads.flatMap((t) => t.code).filter((i) => i.op === 'store').length;
    expect(stores(a)).toBeLessThan(stores(b));
    expect(checkTmigr(s, v, { model: 'sc' }).complete).toBe(true);
  });
});
