import { readFileSync } from 'node:fs';
import { test } from 'vitest';
import { compileLitmus, parseLitmus, runLitmus, LitmusSyntaxError, LitmusUnsupportedError } from '../index.js';
import { assertValidProgram } from '../ir/validate.js';

const root = '/work/shared/litmus/';
test('scan', () => {
  const rows = readFileSync(root + 'manifest.tsv', 'utf8').trim().split('\n').slice(1).map((l) => l.split('\t'));
  const syntax: string[] = [];
  const unsup = new Map<string, number>();
  const unsupCore: string[] = [];
  const crash: string[] = [];
  let ok = 0;
  const model = (process.env.M ?? 'sc') as 'sc';
  const col = model === 'sc' ? 17 : model === 'tso' ? 18 : 15;
  const mism: string[] = [];
  let agree = 0, judged = 0, timeouts = 0;
  const t0 = Date.now();
  for (const r of rows) {
    if (r[2] !== 'C') continue;
    const path = r[0]!;
    let c;
    try {
      c = compileLitmus(parseLitmus(readFileSync(root + path, 'utf8'), path));
      assertValidProgram(c.program);
      ok++;
    } catch (e) {
      if (e instanceof LitmusSyntaxError) syntax.push(e.message);
      else if (e instanceof LitmusUnsupportedError) {
        unsup.set(e.feature, (unsup.get(e.feature) ?? 0) + 1);
        if (r[14] === 'core') unsupCore.push(path + ' ' + e.message);
      } else crash.push(path + ' ' + String(e));
      continue;
    }
    if (r[14] !== 'core' || !process.env.RUN) continue;
    const out = runLitmus(c, { model, maxSeconds: 10 });
    if (out.status === 'timeout') { timeouts++; continue; }
    let want = (r[col] ?? '').split(' ')[0]!;
    if (model !== 'lkmm' && (r[col] ?? '').startsWith('Never 0 0')) want = 'DEADLOCK';
    if (want === '' || want.startsWith('ERROR')) continue;
    judged++;
    const got = out.status === 'error' ? 'ERROR' : out.judged;
    const okv = want === got || want === 'Maybe' || (want === 'Sometimes|Always' && (got === 'Sometimes' || got === 'Always'));
    if (okv) agree++; else mism.push(`${path} want ${want} got ${got} ${out.pos} ${out.neg} ${out.error ?? ''}`);
  }
  console.log('compiled', ok, 'syntax', syntax.length, 'crash', crash.length);
  console.log(syntax.slice(0, 40).join('\n'));
  console.log(crash.slice(0, 20).join('\n'));
  console.log([...unsup.entries()].sort((a, b) => b[1] - a[1]).map(([k, v]) => `${v} ${k}`).join('\n'));
  console.log('unsupported core:', unsupCore.length, '\n' + unsupCore.slice(0, 30).join('\n'));
  console.log('judged', judged, 'agree', agree, 'timeouts', timeouts, 'secs', (Date.now() - t0) / 1000);
  console.log(mism.slice(0, 40).join('\n'));
}, 600_000);
