/**
 * State-space caching in the depth-first search (`ExploreOptions.visitedCap`): with the visited
 * set stopped at any size, the search still explores every reachable state (the set of states
 * it expands is that of the full search), reaches the same verdict and property, and its
 * counterexample still replays; it only counts more explorations.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { semanticsFor } from '../check.js';
import { EXAMPLES } from '../examples/programs.js';
import { ProgramBuilder } from '../ir/builder.js';
import { c } from '../ir/expr.js';
import type { Program } from '../ir/types.js';
import { buildTmigrModel, checkTmigr, getVariant, INVARIANTS, loadScenario } from '../tmigr/api.js';
import { explore } from './bfs.js';
import { exploreDfs } from './dfs.js';
import type { ModelName, Semantics } from './semantics.js';
import { replay } from './trace.js';

/** The semantics of `program` under `model`, recording the key of every state it expands. */
function recording(program: Program, model: ModelName): { sem: Semantics<unknown>; expanded: Set<string> } {
  const inner = semanticsFor(program, model);
  const expanded = new Set<string>();
  const sem: Semantics<unknown> = {
    model: inner.model,
    program: inner.program,
    initial: () => inner.initial(),
    successors: (s) => {
      expanded.add(inner.key(s));
      return inner.successors(s);
    },
    key: (s) => inner.key(s),
    view: (s) => inner.view(s),
    isFinal: (s) => inner.isFinal(s),
  };
  return { sem, expanded };
}

/** `threads` threads, each storing to x under one spin_lock. */
function lockedStores(threads: number): Program {
  const b = new ProgramBuilder(`locked-stores-${threads}`);
  const l = b.location('l');
  const x = b.location('x');
  for (let i = 0; i < threads; i++)
    b.thread(`P${i}`)
      .lock(l)
      .store(x, c(i + 1))
      .unlock(l);
  return b.build();
}

const MODELS: ModelName[] = ['sc', 'tso', 'lkmm'];
/**
 * Examples whose caching searches stay small at every cap. Without a visited set, a search
 * explores a state once per path to it: the SC and TSO state graphs of `cmpxchg-counter-4`
 * (2,148 states) and the TSO one of `seqcount-ok` (2,249) have millions of paths, and the LKMM
 * one of `cmpxchg-counter-4` 198,246 explorations for 21,383 states (caching is for nearly-tree
 * state graphs, as the LKMM graph search usually is).
 */
const TOO_MANY_PATHS: Record<ModelName, readonly string[]> = {
  sc: ['cmpxchg-counter-4'],
  tso: ['cmpxchg-counter-4', 'seqcount-ok'],
  lkmm: ['cmpxchg-counter-4'],
};
const examplesFor = (model: ModelName) =>
  Object.entries(EXAMPLES)
    .filter(([name]) => !TOO_MANY_PATHS[model].includes(name))
    .map(([name, ex]) => ({ name, program: ex.build() }));

describe('depth-first search with state-space caching', () => {
  for (const model of MODELS) {
    it(`built-in examples under ${model}: every cap expands the same states, with the same verdict`, () => {
      const examples = examplesFor(model);
      const full = examples.map(({ program }) => {
        const { sem, expanded } = recording(program, model);
        return { result: exploreDfs(sem), expanded };
      });
      fc.assert(
        fc.property(
          fc.integer({ min: 0, max: examples.length - 1 }),
          fc.double({ min: 0, max: 1.2, noNaN: true }),
          (i, fraction) => {
            const { program } = examples[i]!;
            const base = full[i]!;
            const cap = Math.max(1, Math.floor(fraction * base.result.states));
            const { sem, expanded } = recording(program, model);
            const cached = exploreDfs(sem, { visitedCap: cap });
            expect([cached.verdict, cached.property, cached.complete, cached.reason]).toEqual([
              base.result.verdict,
              base.result.property,
              base.result.complete,
              base.result.reason,
            ]);
            if (base.result.verdict === 'ok') {
              // Every state the full search expanded, and no other.
              expect([...expanded].sort()).toEqual([...base.expanded].sort());
              expect(cached.states).toBeGreaterThanOrEqual(base.result.states);
              expect(cached.transitions).toBeGreaterThanOrEqual(base.result.transitions);
            }
            if (cap >= base.result.states) {
              // The set never filled: the search is the full one.
              expect(cached.stored).toBeUndefined();
              expect([cached.states, cached.transitions]).toEqual([
                base.result.states,
                base.result.transitions,
              ]);
            } else if (cached.stored !== undefined) expect(cached.stored).toBe(cap);
            if (cached.path && cached.property) {
              const trace = replay(semanticsFor(program, model), cached.path);
              expect(trace.steps.length).toBe(cached.path.length);
              const last = trace.steps.at(-1)?.violation;
              if (last !== undefined) expect(last).toBe(cached.property);
            }
          },
        ),
        { numRuns: 40 },
      );
    });
  }

  it('a tmigr scenario under the LKMM: caching at any size still finds the historical bug, and passes the fix', () => {
    const scenario = loadScenario('10a0e6f3d3db-B');
    for (const cap of [1, 10, 100]) {
      const r = checkTmigr(scenario, getVariant('10a0e6f3d3db'), {
        model: 'lkmm',
        search: 'dfs',
        visitedCap: cap,
      });
      expect([r.verdict, r.property]).toEqual(['violation', 'migrator-well-formed']);
      const trace = replay(semanticsFor(r.tmigr.program, 'lkmm'), r.path!);
      expect(trace.steps.length).toBe(r.path!.length);
    }
    const fixed = buildTmigrModel(scenario, getVariant('bd3c45dd01'), { properties: [...INVARIANTS] });
    const full = checkTmigr(scenario, fixed.variant, { tmigrModel: fixed, model: 'lkmm', search: 'dfs' });
    const cached = checkTmigr(scenario, fixed.variant, {
      tmigrModel: fixed,
      model: 'lkmm',
      search: 'dfs',
      visitedCap: 50,
    });
    expect([full.verdict, full.complete, cached.verdict, cached.complete]).toEqual(['ok', true, 'ok', true]);
    expect(cached.stored).toBe(50);
    expect(cached.states).toBeGreaterThan(full.states);
  });

  it('ends on a state graph with cycles: threads waiting at a spin_lock may wait again', () => {
    // Without the check of the states on the stack, the cap-1 searches below run on forever.
    for (const threads of [2, 3]) {
      const program = lockedStores(threads);
      const full = recording(program, 'lkmm');
      const base = exploreDfs(full.sem);
      const { sem, expanded } = recording(program, 'lkmm');
      const cached = exploreDfs(sem, { visitedCap: 1, maxStates: 100_000 });
      expect([base.verdict, cached.verdict, cached.complete, cached.stored]).toEqual(['ok', 'ok', true, 1]);
      expect(cached.states).toBeGreaterThan(base.states);
      expect([...expanded].sort()).toEqual([...full.expanded].sort());
    }
  });

  it('stops at the state limit counting explorations', () => {
    const program = EXAMPLES.mp!.build();
    const r = exploreDfs(semanticsFor(program, 'sc'), { visitedCap: 2, maxStates: 5 });
    expect([r.verdict, r.reason, r.states, r.stored]).toEqual(['incomplete', 'state-limit', 5, 2]);
  });

  it('refuses a cap below one state, and caching in the breadth-first search', () => {
    const sem = semanticsFor(EXAMPLES.mp!.build(), 'sc');
    expect(() => exploreDfs(sem, { visitedCap: 0 })).toThrow('visitedCap must be at least 1 (got 0)');
    expect(() => explore(sem, { visitedCap: 10 })).toThrow(
      'visitedCap (state-space caching) needs the depth-first search',
    );
  });
});
