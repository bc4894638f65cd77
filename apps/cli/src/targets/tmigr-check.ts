import { INVARIANTS } from '@tmigr-check/core';
import { createEngine } from '@tmigr-check/engine';
import { err, UsageError } from '../io.js';
import { parseThreadOrder } from '../lkmm-search.js';
import { progressReporter } from '../progress.js';
import { searchStop } from '../stop.js';
import { defaultOrder, runInOrder } from './search-order.js';
import { defaultVariantName, resolveProperties, resolveScenario, resolveVariant } from './tmigr-load.js';
import { reportTmigr } from './tmigr-report.js';
import { buildTarget, type TmigrTarget, wantsWasm } from './tmigr-run.js';

/** The flags of `check --scenario`. */
export interface ScenarioCheckFlags {
  readonly scenario: string;
  readonly variant?: string | undefined;
  readonly property?: readonly string[] | undefined;
  readonly model: 'sc' | 'tso' | 'lkmm';
  readonly engine?: 'wasm' | 'ts' | undefined;
  readonly json?: boolean | undefined;
  readonly ascii?: boolean | undefined;
  readonly itf?: string | undefined;
  readonly maxStates?: number | undefined;
  readonly maxSeconds?: number | undefined;
  readonly maxMemory?: number | undefined;
  readonly search?: 'bfs' | 'dfs' | undefined;
  readonly por?: boolean | undefined;
  readonly threadOrder?: string | undefined;
  readonly stateCaching?: boolean | undefined;
  readonly progress: boolean;
}

/**
 * `check --scenario NAME|FILE [--variant NAME|FILE] [--property NAME]...`: checks a tmigr
 * scenario (with the Wasm engine where it runs the model, else the reference explorer) and prints the result with hierarchy trees. Returns
 * the exit code.
 */
export async function checkScenario(flags: ScenarioCheckFlags): Promise<number> {
  const scenario = resolveScenario(flags.scenario);
  const variant = await resolveVariant(flags.variant ?? defaultVariantName());
  const properties = resolveProperties(scenario, variant, flags.property);
  const target: TmigrTarget = { scenario, variant, properties };
  const model = buildTarget(target);
  if (flags.threadOrder !== undefined && flags.model !== 'lkmm')
    throw new UsageError('--thread-order applies to --model lkmm only');
  const lkmmOrder =
    flags.threadOrder === undefined ? undefined : parseThreadOrder(flags.threadOrder, model.program);
  const wasm = flags.engine === 'ts' ? undefined : await createEngine();
  const progress = progressReporter(
    flags.progress && !flags.json,
    `check ${scenario.name} ${variant.name} ${flags.model}`,
    { maxStates: flags.maxStates, maxSeconds: flags.maxSeconds },
  );
  // Without --search, the order that suits the model and the properties (search-order.ts).
  const invariantsOnly = model.properties.every((p) => (INVARIANTS as readonly string[]).includes(p));
  const order = flags.search ?? defaultOrder(flags.model, invariantsOnly);
  // The Wasm engine keeps --max-memory itself (it stops, or turns to state-space caching, at
  // it); the guard then watches the JavaScript heap only.
  const onWasm = wantsWasm(
    { wasm, model: flags.model, engine: flags.engine, search: order === 'bfs' ? 'bfs' : 'dfs' },
    model,
  );
  const stop = searchStop(onWasm ? undefined : flags.maxMemory);
  try {
    const outcome = runInOrder(
      target,
      order,
      {
        model: flags.model,
        maxStates: flags.maxStates,
        maxSeconds: flags.maxSeconds,
        engine: flags.engine,
        por: flags.por,
        lkmmOrder,
        stateCaching: flags.stateCaching,
        maxMemoryMB: onWasm ? flags.maxMemory : undefined,
        wasm,
        onProgress: progress.update,
        stop,
      },
      model,
    );
    progress.done();
    if (outcome.kind === 'unavailable') throw new UsageError(`--model ${flags.model}: ${outcome.message}`);
    const memory = stop.memoryMessage();
    if (memory) err(`tmigr-check: ${memory}`);
    return reportTmigr(target, outcome.result, outcome.model, { ...flags, search: order }, stop.cause(), {
      order,
      chosen: flags.search === undefined,
    });
  } finally {
    progress.done();
    stop.dispose();
  }
}
