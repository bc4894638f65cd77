import { describe, expect, it } from 'vitest';
import { semanticsFor } from '../check.js';
import { EXAMPLES } from '../examples/programs.js';
import { checkTmigr, getVariant, INVARIANTS, loadScenario } from '../tmigr/api.js';
import { explore } from './bfs.js';
import { exploreOracle } from './bfs-oracle.js';
import { exploreDfs } from './dfs.js';
import type { ModelName } from './semantics.js';
import { replay } from './trace.js';

const MODELS: ModelName[] = ['sc', 'tso', 'lkmm'];

describe('depth-first search', () => {
  for (const [name, ex] of Object.entries(EXAMPLES)) {
    for (const model of MODELS) {
      it(`${name} under ${model}: same verdict as breadth-first; same states and transitions when complete and ok`, () => {
        const program = ex.build();
        const bfs = exploreOracle(semanticsFor(program, model));
        const dfs = exploreDfs(semanticsFor(program, model));
        expect([dfs.verdict, dfs.property, dfs.complete]).toEqual([bfs.verdict, bfs.property, bfs.complete]);
        if (bfs.verdict === 'ok')
          expect([dfs.states, dfs.transitions]).toEqual([bfs.states, bfs.transitions]);
        if (dfs.path) {
          // The path is a real counterexample: it replays to the reported violation.
          const trace = replay(semanticsFor(program, model), dfs.path);
          expect(trace.steps.length).toBe(dfs.path.length);
          const last = trace.steps.at(-1)?.violation;
          if (last !== undefined) expect(last).toBe(dfs.property);
          expect(dfs.path.length).toBeGreaterThanOrEqual(bfs.path!.length);
        }
      });
    }
  }

  it('a tmigr scenario under the LKMM: same states as breadth-first, and the same invariant hook', () => {
    const scenario = loadScenario('b729cc1ec21a');
    const variant = getVariant('v7.1-rc1');
    const model = checkTmigr(scenario, variant, { model: 'sc', maxStates: 1 }).tmigr;
    const sem = semanticsFor(model.program, 'lkmm');
    const hook = {
      invariant: (v: Parameters<typeof model.invariant>[0], s: unknown) => model.invariant(v, s),
    };
    const bfs = explore(sem, hook);
    const dfs = exploreDfs(semanticsFor(model.program, 'lkmm'), hook);
    expect(bfs.verdict).toBe('ok');
    expect([dfs.verdict, dfs.states, dfs.transitions]).toEqual([bfs.verdict, bfs.states, bfs.transitions]);
  });

  it('checkTmigr with search dfs finds a historical bug and its trace replays to the violation', () => {
    const scenario = loadScenario('10a0e6f3d3db-B');
    const r = checkTmigr(scenario, getVariant('10a0e6f3d3db'), { model: 'lkmm', search: 'dfs' });
    expect([r.verdict, r.property]).toEqual(['violation', 'migrator-well-formed']);
    const trace = replay(semanticsFor(r.tmigr.program, 'lkmm'), r.path!);
    expect(trace.steps.length).toBe(r.path!.length);
    const fixed = checkTmigr(scenario, getVariant('bd3c45dd01'), {
      model: 'lkmm',
      search: 'dfs',
      properties: [...INVARIANTS],
    });
    expect([fixed.verdict, fixed.complete]).toEqual(['ok', true]);
  });

  it('stops at the state limit with what it explored', () => {
    const program = EXAMPLES['cmpxchg-counter-4']!.build();
    const r = exploreDfs(semanticsFor(program, 'tso'), { maxStates: 50 });
    expect([r.verdict, r.reason, r.states]).toEqual(['incomplete', 'state-limit', 50]);
  });
});
