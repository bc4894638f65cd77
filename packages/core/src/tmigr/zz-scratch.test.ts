import { test } from 'vitest';
import { checkTmigr, getVariant, loadScenario, listScenarios } from './api.js';

const model = (process.env.MODEL ?? 'sc') as 'sc';
const only = process.env.SCN?.split(',');
const cases: [string, string][] = [];
for (const { name } of listScenarios()) {
  if (only && !only.includes(name)) continue;
  for (const vn of (process.env.VARS?.split(',') ?? Object.keys(loadScenario(name).expect ?? {}))) cases.push([name, vn]);
}
test.each(cases)('%s %s', (name, vn) => {
  const s = loadScenario(name);
  const inv = process.env.INV ? { properties: ['parent-child-consistency', 'migrator-well-formed', 'top-active-if-cpu-active', 'timer-handled', 'single-root', 'deadlock'] } : {};
  const r = checkTmigr(s, getVariant(vn), { model, maxSeconds: Number(process.env.SECS ?? 120), ...inv });
  process.stderr.write(`RESULT ${model} ${name} ${vn} ${r.verdict} ${r.property} ${r.reason} states=${r.states} ${r.seconds.toFixed(2)}s expect=${s.expect?.[vn]?.[model] ?? '-'}\n`);
}, 10_000_000);
