import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { semanticsFor } from '../check.js';
import { replay } from '../explore/trace.js';
import {
  checkTmigr,
  getVariant,
  INVARIANTS,
  listScenarios,
  listVariants,
  loadScenario,
  loadVariantModule,
} from './api.js';

const INVARIANTS_ONLY = [...INVARIANTS, 'deadlock'];

describe('variants', () => {
  it('ship v7.1-rc1, bd3c45dd01 and the historical pre-fix variants, each citing its kernel', () => {
    const v = listVariants();
    expect(v.slice(0, 2).map((x) => x.name)).toEqual(['v7.1-rc1', 'bd3c45dd01']);
    expect(v.map((x) => x.name)).toEqual(
      expect.arrayContaining([
        '10a0e6f3d3db',
        'b729cc1ec21a',
        '868c9037df62',
        'facd40aa5c46',
        'no-seq',
        'update-events-unlocked',
      ]),
    );
    for (const x of v) expect(x.kernel.length).toBeGreaterThan(10);
    expect(getVariant('bd3c45dd01').warns).not.toContain('WARN_ON_ONCE(!state.active)');
    expect(getVariant('v7.1-rc1').warns).toContain('WARN_ON_ONCE(!state.active)');
    expect(() => getVariant('v9')).toThrow(/^unknown kernel variant 'v9' \(known: v7\.1-rc1, bd3c45dd01, /);
  });
});

describe('preset expectations under SC', () => {
  for (const { name } of listScenarios()) {
    const scenario = loadScenario(name);
    for (const [variant, byModel] of Object.entries(scenario.expect ?? {})) {
      const want = byModel.sc;
      if (!want) continue;
      it(`${name} under ${variant}: ${want}`, () => {
        const r = checkTmigr(scenario, getVariant(variant), { model: 'sc' });
        expect(r.complete).toBe(true);
        expect(r.verdict === 'ok' ? 'ok' : `violation:${r.property}`).toBe(want);
      }, 600_000);
    }
  }
});

describe('the seed (bd3c45dd01) under SC', () => {
  it('v7.1-rc1 reaches WARN_ON_ONCE(!state.active) with the commit story (A idle, B and C wake up, C prepares D)', () => {
    const r = checkTmigr(loadScenario('seed'), getVariant('v7.1-rc1'), { model: 'sc' });
    expect(r.verdict).toBe('violation');
    expect(r.property).toBe('WARN_ON_ONCE(!state.active)');
    const trace = replay(semanticsFor(r.tmigr.program, 'sc'), r.path!);
    const last = trace.steps[trace.steps.length - 1]!;
    expect(last.violation).toBe('WARN_ON_ONCE(!state.active)');
    expect(last.step.instr?.src).toEqual({
      fn: 'tmigr_setup_groups',
      text: 'state.state = atomic_read(&start->migr_state)',
    });
    expect(r.tmigr.program.threads[last.step.thread]!.name).toBe('CPU0');
    // CPU2 (A) made GRP1:0 idle with a successful cmpxchg, CPU0 linked GRP1:0 to the new root first.
    const texts = trace.steps.map(
      (s) => `${r.tmigr.program.threads[s.step.thread]!.name} ${s.step.instr?.src?.text}`,
    );
    expect(texts).toContain('CPU0 smp_store_release(&child->parent, parent)');
    expect(texts.some((t) => t.startsWith('CPU2 if (atomic_try_cmpxchg'))).toBe(true);
  });

  it('v7.1-rc1: no invariant is violated at quiescent states (ok, complete)', () => {
    const r = checkTmigr(loadScenario('seed'), getVariant('v7.1-rc1'), {
      model: 'sc',
      properties: INVARIANTS_ONLY,
    });
    expect([r.verdict, r.complete]).toEqual(['ok', true]);
  }, 1_200_000);
});

// The seed under TSO: tso-seed.test.ts; under LKMM: lkmm-seed-prefix.test.ts and
// lkmm-seed-fix.test.ts (complete searches).

describe('user variants', () => {
  it('loads a variant from an ESM file outside the package and checks it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tmigr-variant-'));
    const file = join(dir, 'blind-store.mjs');
    writeFileSync(
      file,
      `// tmigr_active_up() with a plain store instead of the try_cmpxchg loop (a lost-update bug).
export default {
  name: 'active-up-blind-store',
  base: 'v7.1-rc1',
  description: 'tmigr_active_up() publishes its new state with WRITE_ONCE instead of atomic_try_cmpxchg',
  overrides: {
    tmigr_active_up(ctx, w) {
      const { E, t } = ctx;
      const cur = ctx.reg('tmigr_active_up.curstate');
      const group = E.reg(w.group);
      ctx.at('tmigr_active_up', 'curstate.state = atomic_read(&group->migr_state)');
      t.load(cur, ctx.groupField(group, 'migr_state'), 'once');
      const none = E.eq(E.stMigrator(E.reg(cur)), E.NONE);
      ctx.at('tmigr_active_up', 'WRITE_ONCE(group->migr_state, newstate)');
      t.store(ctx.groupField(group, 'migr_state'),
        E.stPack(E.or(E.stActive(E.reg(cur)), E.reg(w.childmask)), E.ite(none, E.reg(w.childmask), E.stMigrator(E.reg(cur))), E.add(E.stSeq(E.reg(cur)), E.c(1))),
        'once');
      t.set(w.ret, E.lnot(none));
    },
  },
};
`,
    );
    const v = await loadVariantModule(file);
    expect(v.name).toBe('active-up-blind-store');
    expect(v.base).toBe('v7.1-rc1');
    const scenario = loadScenario('b729cc1ec21a');
    const r = checkTmigr(scenario, v, { model: 'sc' });
    expect(r.verdict).toBe('violation');
    expect(r.property).toBe('parent-child-consistency');
    expect(checkTmigr(scenario, getVariant('v7.1-rc1'), { model: 'sc' }).verdict).toBe('ok');
  });

  it('rejects a file without a variant in one line', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tmigr-variant-'));
    const file = join(dir, 'empty.mjs');
    writeFileSync(file, 'export const x = 1;\n');
    await expect(loadVariantModule(file)).rejects.toThrow(
      /empty\.mjs: expected a default export made with defineVariant/,
    );
    const bad = join(dir, 'bad.mjs');
    writeFileSync(
      bad,
      "export default { name: 'x', base: 'v7.1-rc1', description: '', overrides: { tmigr_sleep() {} } };\n",
    );
    await expect(loadVariantModule(bad)).rejects.toThrow(
      /overrides\.tmigr_sleep is not a kernel function of the model/,
    );
  });
});
