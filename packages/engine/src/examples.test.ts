import {
  activeMaskTree,
  check,
  cmpxchgCounter,
  EXAMPLES,
  type Program,
  seqcountAba,
} from '@tmigr-check/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { comparable, withoutReduction } from './compare.js';
import { createEngine, type WasmEngine } from './index.js';
import { violationAtEndOf } from './oracle.js';

let engine: WasmEngine;
beforeAll(async () => {
  engine = withoutReduction(await createEngine());
});

const programs: [string, () => Program][] = [
  ...Object.entries(EXAMPLES).map(([name, ex]): [string, () => Program] => [name, ex.build]),
  ['cmpxchg-counter-3', () => cmpxchgCounter(3)],
  ['seqcount-aba, 3 updates', () => seqcountAba(3, 3)],
  ['active-mask-tree 2 CPUs', () => activeMaskTree(2, 2, 1, 4)],
  ['active-mask-tree 2 CPUs in 2 groups, 2 cycles', () => activeMaskTree(2, 1, 2, 1)],
];

describe('Wasm engine vs reference explorer on the examples', () => {
  it.each(programs)('%s: same verdict, property, states, transitions, depth and path', (_name, build) => {
    const program = build();
    const ts = check(program);
    const wasm = engine.check(program);
    expect(wasm.engine).toBe('wasm');
    expect(comparable(wasm)).toEqual(comparable(ts));
    if (wasm.verdict === 'violation') {
      expect(violationAtEndOf(program, wasm.path!)).toBe(wasm.property);
    }
  });

  it('the examples exercise both verdicts', () => {
    const verdicts = new Set(programs.map(([, build]) => engine.check(build()).verdict));
    expect(verdicts).toEqual(new Set(['ok', 'violation']));
  });

  it('gives the same result for every batch size', () => {
    const program = cmpxchgCounter(4);
    const reference = comparable(engine.check(program));
    for (const batchSize of [1, 7, 100, 1 << 20]) {
      expect(comparable(engine.check(program, { batchSize }))).toEqual(reference);
    }
  });

  it('finds the seqcount torn read along a path that replays to it', () => {
    const program = seqcountAba(3);
    const wasm = engine.check(program);
    expect(wasm.verdict).toBe('violation');
    expect(wasm.property).toBe('seqcount-read-consistent');
    expect(wasm.path!.length).toBe(wasm.depth);
    expect(violationAtEndOf(program, wasm.path!)).toBe('seqcount-read-consistent');
  });
});
