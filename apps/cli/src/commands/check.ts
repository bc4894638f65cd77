import {
  type CheckResult,
  EXAMPLES,
  exampleNames,
  formatTrace,
  type ModelName,
  type Program,
} from '@tmigr-check/core';
import { type Command, Option } from 'commander';
import { boundLine, boundReport, boundTrace } from '../bound-report.js';
import { type EngineName, runProgram } from '../engines.js';
import { EXIT, err, exitCodeFor, out, positiveInt, positiveNumber, UsageError } from '../io.js';
import {
  cachingJson,
  cachingLine,
  NO_STATE_CACHING_HELP,
  parseThreadOrder,
  THREAD_ORDER_HELP,
} from '../lkmm-search.js';
import { progressReporter } from '../progress.js';
import { NO_POR_HELP, reductionJson, reductionText, traceLabel } from '../reduction.js';
import { type StopCause, searchStop } from '../stop.js';
import { writeExampleItf } from '../targets/example-itf.js';
import { jsonSteps, traceOf } from '../trace-json.js';

/** Options shared by every command that runs a search. */
export interface SearchFlags {
  model: ModelName;
  engine?: EngineName;
  json?: boolean;
  maxStates?: number;
  maxSeconds?: number;
  maxMemory?: number;
  search?: 'bfs' | 'dfs';
  /** Partial-order reduction in the Wasm SC and TSO searches (`--no-por` turns it off). */
  por: boolean;
  /** LKMM: the canonical schedule's thread priority (`--thread-order`). */
  threadOrder?: string;
  /** LKMM depth-first in Wasm: state-space caching when the visited set is full (`--no-state-caching`). */
  stateCaching: boolean;
  progress: boolean;
}

/** Adds the search flags (model, engine, limits, output) to a command. */
export function withSearchFlags(cmd: Command): Command {
  return cmd
    .addOption(new Option('--model <model>', 'memory model').choices(['sc', 'tso', 'lkmm']).default('sc'))
    .addOption(
      new Option(
        '--engine <engine>',
        'exploration engine (default: wasm where it supports the model, else ts)',
      ).choices(['wasm', 'ts']),
    )
    .option('--json', 'print one JSON object instead of text')
    .option(
      '--max-states <n>',
      'stop after N states (stored; with state-space caching, explored) (exit 3)',
      positiveInt('--max-states'),
    )
    .option('--max-seconds <s>', 'stop after S seconds (exit 3)', positiveNumber('--max-seconds'))
    .option(
      '--max-memory <mb>',
      'stop when the search needs more than MB MiB (the heap of the reference explorer, the memory of the Wasm engine, whose LKMM depth-first search goes on with state-space caching instead; default: 85 % of the heap limit) (exit 3)',
      positiveInt('--max-memory'),
    )
    .addOption(
      new Option(
        '--search <order>',
        'search order: bfs (shortest counterexample) or dfs (first counterexample, less memory; reaches finished executions early; SC and TSO on the reference explorer only)',
      ).choices(['bfs', 'dfs']),
    )
    .option('--no-por', NO_POR_HELP)
    .option('--thread-order <threads>', THREAD_ORDER_HELP)
    .option('--no-state-caching', NO_STATE_CACHING_HELP)
    .option('--no-progress', 'do not print progress on stderr');
}

/** `--thread-order` as thread indices (undefined without it); a usage error outside the LKMM. */
export function lkmmOrderOf(program: Program, flags: SearchFlags): number[] | undefined {
  if (flags.threadOrder === undefined) return undefined;
  if (flags.model !== 'lkmm') throw new UsageError('--thread-order applies to --model lkmm only');
  return parseThreadOrder(flags.threadOrder, program);
}

/** Runs a search with the flags' limits, progress, Ctrl-C handling and memory guard. */
export async function runSearch(
  program: Program,
  flags: SearchFlags,
  label: string,
): Promise<{ result: CheckResult; cause: StopCause | null }> {
  const progress = progressReporter(flags.progress && !flags.json, label, {
    maxStates: flags.maxStates,
    maxSeconds: flags.maxSeconds,
  });
  const lkmmOrder = lkmmOrderOf(program, flags);
  const stop = searchStop(flags.maxMemory);
  try {
    const result = await runProgram(program, {
      model: flags.model,
      engine: flags.engine,
      maxStates: flags.maxStates,
      maxSeconds: flags.maxSeconds,
      maxMemoryMB: flags.maxMemory,
      search: flags.search,
      por: flags.por,
      ...(lkmmOrder ? { lkmmOrder } : {}),
      stateCaching: flags.stateCaching,
      onProgress: progress.update,
      shouldStop: stop.shouldStop,
    });
    const memory = stop.memoryMessage();
    if (memory) err(`tmigr-check: ${memory}`);
    const cause = stop.cause();
    return {
      result:
        cause === 'memory-limit' && result.verdict === 'incomplete'
          ? { ...result, reason: 'memory-limit' }
          : result,
      cause,
    };
  } finally {
    progress.done();
    stop.dispose();
  }
}

/** Prints a result as JSON or text and returns the exit code. */
export function report(
  program: Program,
  result: CheckResult,
  flags: SearchFlags,
  extra: Record<string, unknown>,
  cause: StopCause | null,
): number {
  const trace = traceOf(program, result);
  const reason = cause === 'interrupted' && result.verdict === 'incomplete' ? 'interrupted' : result.reason;
  const bound = result.bound ? boundReport(program, result.bound) : null;
  const toBound = result.bound ? boundTrace(program, result.model, result.bound) : null;
  if (flags.json) {
    out(
      JSON.stringify(
        {
          ...extra,
          verdict: result.verdict,
          property: result.property,
          model: result.model,
          engine: result.engine,
          ...reductionJson(result),
          complete: result.complete,
          states: result.states,
          transitions: result.transitions,
          depth: result.depth,
          ...cachingJson(result),
          seconds: Number(result.seconds.toFixed(4)),
          reason,
          trace: trace ? jsonSteps(program, trace) : null,
          ...(bound && toBound ? { bound: { ...bound, trace: jsonSteps(program, toBound) } } : {}),
        },
        null,
        2,
      ),
    );
  } else {
    const what = result.verdict === 'violation' ? `violation of ${result.property}` : result.verdict;
    const why = result.verdict === 'incomplete' ? ` (${reason})` : '';
    out(`verdict: ${what}${why}`);
    out(
      `model ${result.model}, engine ${result.engine}${reductionText(result)}: ${result.states.toLocaleString('en-US')} states, ${result.transitions.toLocaleString('en-US')} transitions, depth ${result.depth}, ${result.seconds.toFixed(3)} s`,
    );
    const caching = cachingLine(result);
    if (caching) out(caching);
    if (trace) {
      out(
        `${result.model === 'lkmm' || flags.search === 'dfs' ? 'trace' : traceLabel(result)} (${trace.steps.length} steps):`,
      );
      out(formatTrace(program, trace));
    }
    if (bound && toBound) {
      out(boundLine(bound));
      out(`path to that state (${toBound.steps.length} steps):`);
      out(formatTrace(program, toBound));
    }
  }
  if (cause === 'interrupted') return EXIT.interrupted;
  return exitCodeFor(result.verdict);
}

interface CheckFlags extends SearchFlags {
  example?: string;
  scenario?: string;
  variant?: string;
  property?: string[];
  itf?: string;
  ascii?: boolean;
}

const collect = (value: string, previous: string[] | undefined): string[] => [...(previous ?? []), value];

/** `tmigr-check check`: check a built-in example or a tmigr scenario under a kernel variant. */
export function registerCheck(program: Command): void {
  withSearchFlags(
    program
      .command('check')
      .description('explore every interleaving of a program and report the first violation (shortest trace)')
      .option('--example <name>', "a built-in example program ('list' prints their names)")
      .option(
        '--scenario <name|file>',
        'a tmigr scenario: a preset name (see `scenarios`) or a .json/.yaml file',
      )
      .option(
        '--variant <name|file>',
        'kernel variant for --scenario: a name (see `variants`), a .c file or an ESM file (default v7.1-rc1)',
      )
      .option(
        '--property <name>',
        'with --scenario: check only this property (repeatable; default: all)',
        collect,
      )
      .option('--itf <file>', 'also write the counterexample as ITF JSON to FILE')
      .option('--ascii', 'draw hierarchy trees with ASCII characters only'),
  ).action(async (flags: CheckFlags) => {
    if (flags.scenario !== undefined) {
      if (flags.example !== undefined) {
        throw new UsageError('check: give either --example or --scenario, not both');
      }
      const { checkScenario } = await import('../targets/tmigr-check.js');
      process.exitCode = await checkScenario({ ...flags, scenario: flags.scenario });
      return;
    }
    if (flags.variant !== undefined || flags.property !== undefined) {
      const flag = flags.variant !== undefined ? '--variant' : '--property';
      throw new UsageError(`check: ${flag} needs --scenario`);
    }
    if (flags.example === undefined) {
      throw new UsageError('check: give --example NAME (or --example list) or --scenario NAME|FILE');
    }
    if (flags.example === 'list') {
      for (const name of exampleNames()) out(name);
      process.exitCode = EXIT.ok;
      return;
    }
    const ex = EXAMPLES[flags.example];
    if (!ex) {
      throw new UsageError(
        `--example: unknown example '${flags.example}' (known: ${exampleNames().join(', ')})`,
      );
    }
    const prog = ex.build();
    const { result, cause } = await runSearch(prog, flags, `check ${flags.example}`);
    const itf = flags.itf !== undefined ? writeExampleItf(flags.itf, prog, result) : undefined;
    const extra = { example: flags.example, ...(itf !== undefined ? { itf } : {}) };
    process.exitCode = report(prog, result, flags, extra, cause);
    if (itf !== undefined && !flags.json) {
      out(itf ? `ITF trace written to ${itf}` : 'no trace: no ITF file written');
    }
  });
}
