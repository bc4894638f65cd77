import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import {
  type CompiledLitmus,
  compileLitmus,
  formatFinal,
  formatFlags,
  formatObservation,
  formatTrace,
  type LitmusOutcome,
  LitmusSyntaxError,
  LitmusUnsupportedError,
  type ModelName,
  type OutcomeCollector,
  parseLitmus,
  runLitmus,
} from '@tmigr-check/core';
import { createEngine, WasmLimitError } from '@tmigr-check/engine';
import { type Command, Option } from 'commander';
import type { EngineName } from '../engines.js';
import { EXIT, err, out, positiveInt, positiveNumber, UsageError } from '../io.js';
import { interruptRequested, type StopCause, searchStop } from '../stop.js';

interface LitmusFlags {
  model: ModelName;
  /** Undefined until the action defaults it (wasm). */
  engine?: EngineName;
  /** Whether `--engine` was given (then a test beyond the Wasm limits is an error, not a fallback). */
  engineGiven?: boolean;
  json?: boolean;
  explain?: boolean;
  maxSeconds?: number;
  maxMemory?: number;
}

/** What happened to one file. */
type FileResult =
  | {
      readonly file: string;
      readonly kind: 'run';
      readonly compiled: CompiledLitmus;
      readonly outcome: LitmusOutcome;
      /** Why the guard stopped the search early (Ctrl-C or memory), if it did. */
      readonly cause: StopCause | null;
    }
  | {
      readonly file: string;
      readonly kind: 'unsupported';
      readonly name: string;
      readonly error: LitmusUnsupportedError;
    }
  | { readonly file: string; readonly kind: 'syntax'; readonly error: LitmusSyntaxError };

/** The counters of the summary line. */
interface Summary {
  tests: number;
  Never: number;
  Sometimes: number;
  Always: number;
  DEADLOCK: number;
  unsupported: number;
  timeouts: number;
  memoryLimits: number;
  errors: number;
  syntax: number;
}

/** Expands the command's paths: files as given, folders recursively (`*.litmus`, sorted). */
export function litmusFiles(paths: readonly string[]): string[] {
  const files: string[] = [];
  const walk = (dir: string) => {
    const entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) =>
      a.name < b.name ? -1 : a.name > b.name ? 1 : 0,
    );
    for (const e of entries) {
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile() && e.name.endsWith('.litmus')) files.push(p);
    }
  };
  for (const p of paths) {
    let st: ReturnType<typeof statSync>;
    try {
      st = statSync(p);
    } catch {
      throw new UsageError(`${p}: no such file or directory`);
    }
    if (st.isDirectory()) walk(p);
    else files.push(p);
  }
  return files;
}

/** The test name for a file that did not compile: from its first line, else the file name. */
function nameOf(text: string, file: string): string {
  const m = /^\s*\S+\s+(\S+)/.exec(text);
  return m?.[1] ?? file;
}

async function runOne(
  file: string,
  flags: LitmusFlags,
  collect: OutcomeCollector | null,
): Promise<FileResult> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new UsageError(`${file}: cannot read (${(e as Error).message})`);
  }
  let compiled: CompiledLitmus;
  try {
    compiled = compileLitmus(parseLitmus(text, file));
  } catch (e) {
    if (e instanceof LitmusSyntaxError) return { file, kind: 'syntax', error: e };
    if (e instanceof LitmusUnsupportedError)
      return { file, kind: 'unsupported', name: nameOf(text, file), error: e };
    throw e;
  }
  const limit = flags.maxSeconds !== undefined ? { maxSeconds: flags.maxSeconds } : {};
  const stop = searchStop(flags.maxMemory);
  try {
    const outcome = runCompiled(compiled, flags, collect, limit, stop.shouldStop);
    // The Wasm engine enforces --max-memory on its own linear memory and says so in its result.
    const wasmMemory =
      stop.cause() === null && outcome.status === 'timeout' && outcome.stopReason === 'memory-limit';
    const memory =
      stop.memoryMessage() ??
      (wasmMemory
        ? `the Wasm search reached its memory limit of ${flags.maxMemory !== undefined ? `${flags.maxMemory} MiB (--max-memory)` : '4 GiB (wasm32)'}`
        : null);
    if (memory) err(`tmigr-check: ${outcome.name}: ${memory}`);
    return {
      file,
      kind: 'run',
      compiled,
      outcome,
      cause: stop.cause() ?? (wasmMemory ? 'memory-limit' : null),
    };
  } finally {
    stop.dispose();
  }
}

/**
 * Runs one compiled test: with `collect` (the Wasm engine) its outcomes come from one Wasm
 * search, unless the test is beyond the Wasm LKMM search's graph limits (then, and with
 * `--engine ts`, from the reference explorer). `--explain`'s witness comes from the reference.
 */
function runCompiled(
  compiled: CompiledLitmus,
  flags: LitmusFlags,
  collect: OutcomeCollector | null,
  limit: { maxSeconds?: number },
  shouldStop: () => boolean,
): LitmusOutcome {
  const options = { model: flags.model, ...limit, shouldStop, ...(flags.explain ? { explain: true } : {}) };
  if (collect) {
    try {
      return runLitmus(compiled, { ...options, collect });
    } catch (e) {
      if (!(e instanceof WasmLimitError)) throw e;
      if (flags.engineGiven) throw new UsageError(`${compiled.test.name}: ${e.message}`);
    }
  }
  return runLitmus(compiled, options);
}

function count(summary: Summary, r: FileResult): void {
  summary.tests++;
  if (r.kind === 'syntax') summary.syntax++;
  else if (r.kind === 'unsupported') summary.unsupported++;
  else if (r.outcome.status === 'timeout' && r.cause === 'memory-limit') summary.memoryLimits++;
  else if (r.outcome.status === 'timeout') summary.timeouts++;
  else if (r.outcome.status === 'error') summary.errors++;
  else summary[r.outcome.judged]++;
}

function printText(r: FileResult, flags: LitmusFlags): void {
  if (r.kind === 'syntax') {
    err(r.error.message);
    return;
  }
  if (r.kind === 'unsupported') {
    out(`${r.error.message} (${r.name}, ${r.file})`);
    return;
  }
  const o = r.outcome;
  if (o.status === 'timeout' && r.cause !== null) {
    out(
      `unknown (${r.cause}): ${o.name} after ${o.seconds.toFixed(1)} s, ${o.states.toLocaleString('en-US')} states (${o.finals.length} outcomes so far)`,
    );
    return;
  }
  if (o.status === 'timeout') {
    out(`timeout: ${o.name} after ${o.seconds.toFixed(1)} s (${o.finals.length} outcomes so far)`);
    return;
  }
  if (o.status === 'error') {
    out(`error: ${o.name}: ${o.error ?? 'unknown error'}`);
    return;
  }
  for (const line of formatFlags(o)) out(line);
  out(formatObservation(o.name, o));
  if (!flags.explain) return;
  const quant = o.quantifier ?? 'no condition';
  if (!o.witness) {
    out(`  no final state${o.judged === 'DEADLOCK' ? ' (DEADLOCK: no execution completes)' : ''}`);
    return;
  }
  const holds = o.witness.final.holds ? 'holds' : 'fails';
  out(`  witness (${quant}; the condition ${holds}): ${formatFinal(o.witness.final, r.compiled)}`);
  for (const line of formatTrace(r.compiled.program, o.witness.trace).split('\n')) out(`  ${line}`);
}

function jsonOf(r: FileResult): Record<string, unknown> {
  if (r.kind === 'syntax')
    return {
      file: r.file,
      status: 'syntax-error',
      message: r.error.message,
      line: r.error.line,
      col: r.error.col,
    };
  if (r.kind === 'unsupported') {
    return {
      file: r.file,
      name: r.name,
      status: 'unsupported',
      feature: r.error.feature,
      line: r.error.line,
      col: r.error.col,
    };
  }
  const o = r.outcome;
  return {
    file: r.file,
    name: o.name,
    status: o.status === 'timeout' && r.cause !== null ? r.cause : o.status,
    ...(o.error !== undefined ? { error: o.error } : {}),
    quantifier: o.quantifier,
    verdict: o.verdict,
    judged: o.judged,
    pos: o.pos,
    neg: o.neg,
    validated: o.validated,
    observation: formatObservation(o.name, o),
    flags: o.flags,
    states: o.states,
    seconds: Number(o.seconds.toFixed(4)),
    finals: o.finals.map((f) => ({ values: f.values, holds: f.holds })),
    ...(o.witness
      ? {
          witness: {
            values: o.witness.final.values,
            holds: o.witness.final.holds,
            path: o.witness.path,
            trace: formatTrace(r.compiled.program, o.witness.trace).split('\n'),
          },
        }
      : {}),
  };
}

/** `tmigr-check litmus`: run C litmus tests (herd7 syntax) under a memory model. */
export function registerLitmus(program: Command): void {
  program
    .command('litmus')
    .description('run C litmus tests (files or folders of .litmus files) and print herd-style observations')
    .argument('<path...>', 'litmus files or folders (searched recursively for *.litmus)')
    .addOption(new Option('--model <model>', 'memory model').choices(['sc', 'tso', 'lkmm']).default('sc'))
    .addOption(
      new Option(
        '--engine <engine>',
        'exploration engine: wasm (default) collects the outcomes in one Wasm search, ts runs the reference explorer',
      ).choices(['ts', 'wasm']),
    )
    .option('--json', 'print one JSON object instead of text')
    .option('--explain', 'print a witness outcome and the shortest interleaving reaching it')
    .option(
      '--max-seconds <s>',
      'time budget per test (a test over it counts as a time-out)',
      positiveNumber('--max-seconds'),
    )
    .option(
      '--max-memory <mb>',
      'memory budget per test in MiB (default: 85 % of the heap limit); a test over it is reported as unknown (memory-limit) and the others go on',
      positiveInt('--max-memory'),
    )
    .action(async (paths: string[], flags: LitmusFlags) => {
      flags.engineGiven = flags.engine !== undefined;
      flags.engine ??= 'wasm';
      let collect: OutcomeCollector | null = null;
      if (flags.engine === 'wasm') {
        const engine = await createEngine();
        if (!engine.supports(flags.model)) {
          throw new UsageError(`--engine wasm does not support --model ${flags.model} yet; use --engine ts`);
        }
        collect = (prog, opts) =>
          engine.outcomes(prog, {
            ...opts,
            ...(flags.maxMemory !== undefined ? { maxMemoryMB: flags.maxMemory } : {}),
          });
      }
      const files = litmusFiles(paths);
      if (files.length === 0) throw new UsageError(`no .litmus files under ${paths.join(', ')}`);
      const t0 = performance.now();
      const summary: Summary = {
        tests: 0,
        Never: 0,
        Sometimes: 0,
        Always: 0,
        DEADLOCK: 0,
        unsupported: 0,
        timeouts: 0,
        memoryLimits: 0,
        errors: 0,
        syntax: 0,
      };
      const results: Record<string, unknown>[] = [];
      let interrupted = false;
      for (const file of files) {
        if (interruptRequested()) {
          interrupted = true;
          break;
        }
        const r = await runOne(file, flags, collect);
        count(summary, r);
        if (flags.json) results.push(jsonOf(r));
        else printText(r, flags);
      }
      const seconds = (performance.now() - t0) / 1000;
      if (flags.json) {
        out(
          JSON.stringify(
            {
              model: flags.model,
              engine: flags.engine,
              tests: results,
              summary,
              seconds: Number(seconds.toFixed(3)),
            },
            null,
            2,
          ),
        );
      } else {
        out(
          `Summary: ${summary.tests} test${summary.tests === 1 ? '' : 's'}: Never ${summary.Never}, Sometimes ${summary.Sometimes}, Always ${summary.Always}, DEADLOCK ${summary.DEADLOCK}, unsupported ${summary.unsupported}, timeouts ${summary.timeouts}, ${summary.memoryLimits > 0 ? `memory limits ${summary.memoryLimits}, ` : ''}errors ${summary.errors + summary.syntax} (model ${flags.model}, engine ${flags.engine}, ${seconds.toFixed(2)} s)`,
        );
      }
      if (interrupted || interruptRequested()) {
        process.exitCode = EXIT.interrupted;
        if (!flags.json) out(`interrupted: ${files.length - summary.tests} of ${files.length} files not run`);
        return;
      }
      process.exitCode =
        summary.syntax > 0
          ? EXIT.usage
          : summary.errors > 0
            ? EXIT.violation
            : summary.timeouts + summary.memoryLimits > 0
              ? EXIT.limit
              : EXIT.ok;
    });
}
