import { type ReachabilityCheck, semanticsFor } from '@tmigr-check/core';
import { createEngine } from '@tmigr-check/engine';
import { ArgsError, parseArgs, USAGE } from './args.js';
import { readManifest } from './manifest.js';
import { corpusDir, corpusPresent } from './paths.js';
import { formatReport } from './report.js';
import { isPlainAccessTest, runCorpus } from './runner.js';
import { selectRows } from './select.js';

async function main(argv: readonly string[]): Promise<number> {
  const args = parseArgs(argv);
  if (args.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const dir = args.dir ?? corpusDir();
  if (!corpusPresent(dir)) {
    process.stderr.write(`corpus: corpus not found at ${dir} (set TMIGR_LITMUS_DIR)\n`);
    return 2;
  }
  for (const m of args.models) {
    try {
      semanticsFor({ name: 'probe', locations: [], threads: [{ name: 'P0', registers: [], code: [] }] }, m);
    } catch {
      throw new ArgsError(`--model ${m}: this model is not available in the reference explorer yet`);
    }
  }
  let reach: ReachabilityCheck | undefined;
  if (args.engine === 'wasm') {
    const engine = await createEngine();
    for (const m of args.models)
      if (!engine.supports(m)) throw new ArgsError(`--engine wasm does not support --model ${m}`);
    reach = (program, opts) => engine.check(program, opts);
  }
  const selected = selectRows(readManifest(dir), {
    subset: args.subset,
    sources: args.sources,
    ...(args.match !== undefined ? { match: args.match } : {}),
    ...(args.sample !== undefined ? { sample: args.sample } : {}),
    ...(args.minProcs !== undefined ? { minProcs: args.minProcs } : {}),
    ...(args.maxProcs !== undefined ? { maxProcs: args.maxProcs } : {}),
  });
  const rows = args.plain ? selected.filter((r) => isPlainAccessTest(dir, r)) : selected;
  const t0 = performance.now();
  const tty = process.stderr.isTTY === true;
  let last = 0;
  const results = await runCorpus(rows, {
    dir,
    models: args.models,
    maxSeconds: args.maxSeconds,
    ...(reach ? { reach } : {}),
    onResult: (r, done, total) => {
      const now = performance.now();
      if (now - last < (tty ? 200 : 10_000) && done !== total) return;
      last = now;
      const line = `corpus: ${done}/${total} (${((now - t0) / 1000).toFixed(0)} s) ${r.model} ${r.row.path}`;
      process.stderr.write(tty ? `\r${line.slice(0, 150)}\x1b[K` : `${line}\n`);
    },
  });
  if (tty) process.stderr.write('\n');
  const wall = (performance.now() - t0) / 1000;
  process.stdout.write(
    `litmus corpus ${dir}: ${rows.length} tests (subset ${args.subset}${args.sources.length ? `, source ${args.sources.join(',')}` : ''}${args.sample ? `, sample ${args.sample}` : ''}${args.minProcs ? `, at least ${args.minProcs} processes` : ''}${args.maxProcs ? `, at most ${args.maxProcs} processes` : ''}${args.plain ? ', with plain accesses' : ''}), models ${args.models.join(', ')}, engine ${args.engine}, ${args.maxSeconds} s per test\n`,
  );
  for (const line of formatReport(results, wall)) process.stdout.write(`${line}\n`);
  return results.some((r) => r.status === 'disagree' || r.status === 'error') ? 1 : 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    if (e instanceof ArgsError) {
      process.stderr.write(`corpus: ${e.message}\n`);
      process.exitCode = 2;
      return;
    }
    process.stderr.write(`corpus: internal error: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exitCode = 70;
  },
);
