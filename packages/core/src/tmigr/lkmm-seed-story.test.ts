/**
 * The commit's story under the LKMM, built choice by choice instead of searched for (the
 * complete search, lkmm-seed-prefix.test.ts, finds no invariant broken; this shows why). The
 * walk follows the story: CPU2 (A) goes idle first
 * and lags before it reads GRP1:0->parent, CPU1 (B) activates GRP0:0 and lags before
 * GRP1:0, CPU0 (C) activates GRP0:0 behind CPU1 and prepares CPU3, which links GRP1:0 under
 * the new root GRP2:0 and activates it; CPU2 then reads the new link (its deferred read
 * takes CPU0's store), finds GRP2:0 only through a failed cmpxchg, and clears GRP1:0's bit.
 * Finally CPU1 activates GRP1:0 and reads GRP1:0->parent.
 *
 * The story needs that last read to return NULL. The LKMM transcription rejects it: with
 * CPU0's fully ordered cmpxchg on GRP2:0 after its release of the link, the execution has a
 * pb cycle (two fre links, two strong fences). These tests pin that finding; the docs
 * (gallery/seed.md) explain it.
 */
import { describe, expect, it } from 'vitest';
import type { ModelName, Successor } from '../explore/semantics.js';
import { parseLitmus, runLitmus } from '../litmus/index.js';
import { violatedAxiom } from '../models/lkmm/consistency.js';
import { LkmmSemantics, type LkmmState } from '../models/lkmm/semantics.js';
import { buildTmigrModel, getVariant, loadScenario } from './api.js';

const INVARIANTS = [
  'parent-child-consistency',
  'migrator-well-formed',
  'top-active-if-cpu-active',
  'timer-handled',
  'single-root',
];

function walkStory() {
  const model = buildTmigrModel(loadScenario('seed'), getVariant('v7.1-rc1'), { properties: INVARIANTS });
  const group = (name: string) => model.layout.groups.find((g) => g.name === name)!;
  const root = group('GRP1:0');
  const newRoot = group('GRP2:0');
  // CPU2 first, then CPU1, then CPU0: the story's order as the canonical schedule's priority.
  // Every read deferrable, as the story defers A's read of the link (the default search has
  // A wait there instead, ordered-reads.ts; both reach the same executions), and idle waits
  // released (the walk lets B wait past a point where nobody else can move).
  const sem = new LkmmSemantics(model.program, {
    order: [2, 1, 0],
    orderedReadsWait: false,
    pruneIdleWaits: false,
  });
  const used = new Set<string>();
  let lastParentRead: { before: LkmmState; options: Successor<LkmmState>[] } | null = null;
  const note = (o: Successor<LkmmState>) => o.step.note ?? '';
  const rank = (o: Successor<LkmmState>) =>
    note(o).startsWith('waits')
      ? 3
      : note(o).startsWith('read deferred')
        ? 2
        : o.step.stale || note(o).startsWith('placed')
          ? 1
          : 0;
  const choose = (state: LkmmState, out: Successor<LkmmState>[]): Successor<LkmmState> => {
    const { thread, instr } = out[0]!.step;
    const text = instr?.src?.text ?? '';
    const at = (addr: number) => out.some((o) => o.step.addr === addr);
    const once = (key: string, pick: Successor<LkmmState> | undefined) => {
      if (!pick || used.has(key)) return undefined;
      used.add(key);
      return pick;
    };
    const pick =
      // A lags before it reads GRP1:0->parent: its read takes a later store.
      (thread === 2 && text.includes('READ_ONCE(group->parent)') && at(root.addr.parent)
        ? once(
            'A defers parent',
            out.find((o) => note(o).startsWith('read deferred')),
          )
        : undefined) ??
      // B lags before GRP1:0.
      (thread === 1 && text.includes('atomic_read(&group->migr_state)') && at(root.addr.migr_state)
        ? once(
            'B waits at GRP1:0',
            out.find((o) => note(o).startsWith('waits')),
          )
        : undefined) ??
      // A's deferred read takes C's store of the new link.
      once(
        'A reads the new link',
        out.find((o) => note(o).startsWith('deferred read takes') && o.step.read === newRoot.base),
      ) ??
      // A at GRP2:0: its acquire read is stale, its first cmpxchg fails on C's activation.
      (thread === 2 && text.includes('atomic_read_acquire') && at(newRoot.addr.migr_state)
        ? once(
            'A reads GRP2:0 stale',
            out.find((o) => o.step.stale !== undefined),
          )
        : undefined) ??
      (thread === 2 && text.includes('atomic_try_cmpxchg') && at(newRoot.addr.migr_state)
        ? once(
            'A fails its cmpxchg',
            out.find(
              (o) =>
                o.step.addr === newRoot.addr.migr_state &&
                o.step.wrote === undefined &&
                !note(o).startsWith('waits'),
            ),
          )
        : undefined);
    if (thread === 1 && text.includes('READ_ONCE(group->parent)') && at(root.addr.parent))
      lastParentRead = { before: state, options: out };
    return pick ?? [...out].sort((a, b) => rank(a) - rank(b))[0]!;
  };
  const init = sem.initial();
  if (init.kind !== 'state') throw new Error('no initial state');
  let state = init.state;
  for (;;) {
    const out = sem.successors(state);
    if (out.length === 0) break;
    const next = choose(state, out);
    if (next.kind !== 'state') throw new Error(`unexpected violation ${next.property}`);
    state = next.state;
  }
  return { sem, model, state, used, lastParentRead, root, newRoot };
}

describe('the seed story under the LKMM, built by hand', () => {
  const story = walkStory();

  it('follows the story: A defers its read of the link, B lags, A reads the new link through a failed cmpxchg', () => {
    expect([...story.used].sort()).toEqual(
      [
        'A defers parent',
        'A fails its cmpxchg',
        'A reads GRP2:0 stale',
        'A reads the new link',
        'B waits at GRP1:0',
      ].sort(),
    );
    expect(story.sem.isFinal(story.state)).toBe(true);
    // A cleared GRP1:0's bit in the new root, but B, which saw the link, set it again.
    const view = story.sem.view(story.state);
    expect(view.value(story.root.addr.parent)).toBe(story.newRoot.base);
    expect(view.value(story.newRoot.addr.migr_state) & 0xff).toBe(1);
  });

  it('B cannot miss the link: reading GRP1:0->parent = NULL closes a pb cycle (propagation)', () => {
    const at = story.lastParentRead as { before: LkmmState; options: Successor<LkmmState>[] } | null;
    if (!at) throw new Error('B never read GRP1:0->parent');
    // Only the new link is offered.
    expect(at.options.map((o) => o.step.read)).toEqual([story.newRoot.base]);
    // Forcing the initial NULL instead violates the propagation axiom.
    const taken = at.options[0]!;
    if (taken.kind !== 'state') throw new Error('no state');
    const evs = taken.state.graph.events[1]!;
    const read = evs[evs.length - 1]!;
    const stale = { ...read, val: 0, rf: story.root.addr.parent - 1 };
    const graph = {
      events: at.before.graph.events.map((e, i) => (i === 1 ? [...e, stale] : e)),
      co: at.before.graph.co,
    };
    expect(violatedAxiom(graph, story.model.program.locations.length)).toBe('propagation');
    expect(violatedAxiom(taken.state.graph, story.model.program.locations.length)).toBeNull();
  });

  it('and the execution keeps every invariant at its end', () => {
    const view = story.sem.view(story.state);
    expect(story.model.invariant(view, story.state)).toBeNull();
  });
});

/** The five-access core of the race (apps/docs/examples/tmigr-seed-RWC.litmus). */
const CORE = `C core
{}
P0(int *parent, int *state) { smp_store_release(parent, 1); }
P1(int *parent, int *state) { int r0; int r1; r0 = smp_load_acquire(parent); r1 = READ_ONCE(*state); }
P2(int *parent, int *state) { int r0; int r1; r0 = cmpxchg(state, 0, 1); r1 = READ_ONCE(*parent); }
exists (1:r0=1 /\\ 1:r1=0 /\\ 2:r0=0 /\\ 2:r1=0)`;

/**
 * The core plus the control CPU's activation of the new root after the link, which the idle
 * CPU must read before it can clear the old root's bit (apps/docs/examples/tmigr-seed-RWC-activate.litmus).
 */
const WITH_ACTIVATION = `C with-activation
{}
P0(int *parent, int *root, int *state) { int r0; smp_store_release(parent, 1); r0 = cmpxchg(root, 0, 1); }
P1(int *parent, int *root, int *state) { int r0; int r1; int r2; r0 = READ_ONCE(*parent); r1 = smp_load_acquire(root); r2 = READ_ONCE(*state); }
P2(int *parent, int *root, int *state) { int r0; int r1; r0 = cmpxchg(state, 0, 1); r1 = READ_ONCE(*parent); }
exists (1:r0=1 /\\ 1:r1=1 /\\ 1:r2=0 /\\ 2:r0=0 /\\ 2:r1=0)`;

describe('the same finding as litmus tests', () => {
  const verdict = (text: string, model: ModelName) =>
    runLitmus(parseLitmus(text, 'story.litmus'), { model }).verdict;

  it('the five-access core is allowed by the LKMM only', () => {
    expect((['sc', 'tso', 'lkmm'] as ModelName[]).map((m) => verdict(CORE, m))).toEqual([
      'Never',
      'Never',
      'Sometimes',
    ]);
  });

  it("adding the control CPU's fully ordered activation of the new root makes it Never under the LKMM too", () => {
    expect((['sc', 'tso', 'lkmm'] as ModelName[]).map((m) => verdict(WITH_ACTIVATION, m))).toEqual([
      'Never',
      'Never',
      'Never',
    ]);
  });
});
