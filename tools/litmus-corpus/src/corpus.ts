import { type ModelName, type OutcomeCollector, semanticsFor } from '@tmigr-check/core';
import { createEngine } from '@tmigr-check/engine';
import { ArgsError, parseArgs, USAGE } from './args.js';
import { readManifest } from './manifest.js';
import { corpusDir, corpusPresent } from './paths.js';
import { formatReport } from './report.js';
import { isPlainAccessTest, type RowResult, runCorpus } from './runner.js';
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
  let collect: OutcomeCollector | undefined;
  if (args.engine !== 'ts') {
    const engine = await createEngine();
    for (const m of args.models)
      if (!engine.supports(m)) throw new ArgsError(`--engine wasm does not support --model ${m}`);
    collect = (program, opts) => engine.outcomes(program, opts);
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
  const header = (engine: string) =>
    `litmus corpus ${dir}: ${rows.length} tests (subset ${args.subset}${args.sources.length ? `, source ${args.sources.join(',')}` : ''}${args.sample ? `, sample ${args.sample}` : ''}${args.minProcs ? `, at least ${args.minProcs} processes` : ''}${args.maxProcs ? `, at most ${args.maxProcs} processes` : ''}${args.plain ? ', with plain accesses' : ''}), models ${args.models.join(', ')}, engine ${engine}, ${args.maxSeconds} s per test\n`;
  const engines: ('ts' | 'wasm')[] = args.engine === 'both' ? ['ts', 'wasm'] : [args.engine];
  const walls: number[] = [];
  const runs: RowResult[][] = [];
  for (const engine of engines) {
    const { results, wall } = await runRows(
      rows,
      dir,
      args.models,
      args.maxSeconds,
      engine === 'wasm' ? collect : undefined,
    );
    process.stdout.write(header(engine));
    for (const line of formatReport(results, wall)) process.stdout.write(`${line}\n`);
    walls.push(wall);
    runs.push(results);
  }
  if (engines.length === 2) {
    const [ts, wasm] = runs as [RowResult[], RowResult[]];
    const differ = ts.filter((r, i) => {
      const w = wasm[i]!;
      return r.status !== w.status || r.got !== w.got || r.pos !== w.pos || r.neg !== w.neg;
    });
    process.stdout.write(
      `\nwall time: ts ${walls[0]!.toFixed(1)} s, wasm ${walls[1]!.toFixed(1)} s (${(walls[0]! / walls[1]!).toFixed(2)}x); results that differ between the engines: ${differ.length}\n`,
    );
    for (const r of differ) process.stdout.write(`  ${r.model} ${r.row.path}\n`);
    if (differ.length > 0) return 1;
  }
  return runs.some((rs) => rs.some((r) => r.status === 'disagree' || r.status === 'error')) ? 1 : 0;
}

/** Runs the rows on one engine, with progress on stderr. */
async function runRows(
  rows: ReturnType<typeof selectRows>,
  dir: string,
  models: readonly ModelName[],
  maxSeconds: number,
  collect: OutcomeCollector | undefined,
): Promise<{ results: RowResult[]; wall: number }> {
  const t0 = performance.now();
  const tty = process.stderr.isTTY === true;
  let last = 0;
  const results = await runCorpus(rows, {
    dir,
    models,
    maxSeconds,
    ...(collect ? { collect } : {}),
    onResult: (r, done, total) => {
      const now = performance.now();
      if (now - last < (tty ? 200 : 10_000) && done !== total) return;
      last = now;
      const line = `corpus: ${done}/${total} (${((now - t0) / 1000).toFixed(0)} s) ${r.model} ${r.row.path}`;
      process.stderr.write(tty ? `\r${line.slice(0, 150)}\x1b[K` : `${line}\n`);
    },
  });
  if (tty) process.stderr.write('\n');
  return { results, wall: (performance.now() - t0) / 1000 };
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
