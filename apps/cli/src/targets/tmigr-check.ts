import { createEngine } from '@tmigr-check/engine';
import { UsageError } from '../io.js';
import { progressReporter } from '../progress.js';
import { interruption } from '../signals.js';
import { defaultVariantName, resolveProperties, resolveScenario, resolveVariant } from './tmigr-load.js';
import { reportTmigr } from './tmigr-report.js';
import { buildTarget, runTmigr, type TmigrTarget } from './tmigr-run.js';

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
  readonly search?: 'bfs' | 'dfs' | undefined;
  readonly progress: boolean;
}

/**
 * `check --scenario NAME|FILE [--variant NAME|FILE] [--property NAME]...`: checks a tmigr
 * scenario (Wasm engine where it supports the model, else the reference explorer) and prints the result with hierarchy trees. Returns
 * the exit code.
 */
export async function checkScenario(flags: ScenarioCheckFlags): Promise<number> {
  const scenario = resolveScenario(flags.scenario);
  const variant = await resolveVariant(flags.variant ?? defaultVariantName());
  const properties = resolveProperties(scenario, variant, flags.property);
  const target: TmigrTarget = { scenario, variant, properties };
  const model = buildTarget(target);
  const wasm = flags.engine === 'ts' ? undefined : await createEngine();
  const progress = progressReporter(
    flags.progress && !flags.json,
    `check ${scenario.name} ${variant.name} ${flags.model}`,
  );
  const stop = interruption();
  try {
    const outcome = runTmigr(
      target,
      {
        model: flags.model,
        maxStates: flags.maxStates,
        maxSeconds: flags.maxSeconds,
        search: flags.search,
        engine: flags.engine,
        wasm,
        onProgress: progress.update,
        shouldStop: stop.requested,
      },
      model,
    );
    progress.done();
    if (outcome.kind === 'unavailable') throw new UsageError(`--model ${flags.model}: ${outcome.message}`);
    return reportTmigr(target, outcome.result, outcome.model, flags, stop.wasRequested());
  } finally {
    progress.done();
    stop.dispose();
  }
}
