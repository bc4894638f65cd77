import { describe, expect, it } from 'vitest';
import { check } from '../check.js';
import { EXAMPLES } from '../examples/programs.js';
import { formatTrace } from './format.js';
import { replay } from './trace.js';
import { ScSemantics } from '../models/sc.js';

describe('reference explorer under SC', () => {
  it('prints', () => {
    for (const [name, ex] of Object.entries(EXAMPLES)) {
      const p = ex.build();
      const r = check(p);
      console.log(name, r.verdict, r.property, r.states, r.transitions, r.depth, r.seconds.toFixed(3));
      if (r.path) console.log(formatTrace(p, replay(new ScSemantics(p), r.path)));
    }
    expect(1).toBe(1);
  });
});
