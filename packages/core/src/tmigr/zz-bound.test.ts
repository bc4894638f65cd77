import { test } from 'vitest';
import { buildTmigrModel, getVariant, loadScenario } from './api.js';
import { explore } from '../explore/bfs.js';
import { ScSemantics } from '../models/sc.js';
import { ST_BOUND } from '../explore/thread.js';

test('bound', () => {
  const m = buildTmigrModel(loadScenario('seed'), getVariant('bd3c45dd01'));
  const seen = new Set<string>();
  explore(new ScSemantics(m.program), { maxStates: 300000, invariant: (view) => {
    view.threads.forEach((t, i) => { if (t.status === ST_BOUND) { const k = `${i}:${t.pc}`; if (!seen.has(k)) { seen.add(k); const code = m.program.threads[i]!.code; console.log(k, JSON.stringify(code[t.pc]?.src), JSON.stringify(code[t.pc-1]?.src)); } } });
    return null; } });
}, 600000);
