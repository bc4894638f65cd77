import type { ModelName, Scenario, TmigrCheckResult, TmigrModel, Variant } from '@tmigr-check/core';
import { INVARIANTS, tmigrSource } from '@tmigr-check/core';
import { createEngine } from '@tmigr-check/engine';
import { EXIT, err, out } from '../io.js';
import { progressReporter } from '../progress.js';
import { interruption } from '../signals.js';
import {
  type Expectation,
  expectationFor,
  PRE_FIX,
  type PropertySet,
  type RunSummary,
  SEED_INVARIANT,
  SEED_MODELS,
  SEED_VARIANTS,
} from './seed-story.js';
import { table } from './table.js';
import { resolveScenario, resolveVariant } from './tmigr-load.js';
import { namedJsonSteps, treesOf, writeItf } from './tmigr-report.js';
import { buildTarget, runTmigr, type TmigrTarget, tmigrTrace } from './tmigr-run.js';

/** The flags of `seed`. */
export interface SeedFlags {
  json?: boolean;
  ascii?: boolean;
  itf?: string;
  scenario: string;
  maxStates?: number;
  maxSeconds?: number;
  progress: boolean;
  models?: ModelName[];
}

/** One cell of the seed table. */
interface SeedRun {
  readonly variant: string;
  readonly model: ModelName;
  readonly set: PropertySet;
  readonly summary: RunSummary;
  readonly expected: Expectation;
  readonly matches: boolean;
  readonly result: TmigrCheckResult | null;
  readonly built: TmigrModel | null;
  readonly message: string | null;
  /** True when the result follows from the all-properties run (no search of its own). */
  readonly implied?: boolean;
}

/** The names of the quiescent-state invariants the model exports. */
export function invariantNames(): string[] {
  const list = INVARIANTS as unknown;
  const names: string[] = [];
  const add = (x: unknown): void => {
    if (typeof x === 'string') names.push(x);
    else if (x && typeof x === 'object' && typeof (x as { name?: unknown }).name === 'string')
      names.push((x as { name: string }).name);
  };
  if (Array.isArray(list)) list.forEach(add);
  else if (list && typeof list === 'object')
    for (const [k, v] of Object.entries(list)) typeof v === 'string' ? add(v) : names.push(k);
  return names;
}

function summarize(r: TmigrCheckResult): RunSummary {
  return { verdict: r.verdict, property: r.property };
}

function cellText(run: SeedRun): string {
  if (run.summary.verdict === 'unavailable') return 'unavailable';
  if (run.summary.verdict === 'error') return `error: ${run.message ?? '?'}`;
  if (run.implied) return 'ok (implied)';
  if (run.summary.verdict === 'violation') return `violation ${run.summary.property}`;
  if (run.summary.verdict === 'incomplete') return `incomplete (${run.result?.reason ?? '?'})`;
  return 'ok';
}

const fmtStates = (r: TmigrCheckResult | null): string => (r ? r.states.toLocaleString('en-US') : '-');
const fmtSeconds = (r: TmigrCheckResult | null): string => (r ? r.seconds.toFixed(2) : '-');

/**
 * Per-run time budget when neither `--max-seconds` nor `--max-states` is given, so that the
 * main job ends in minutes; a run cut short shows as `incomplete (time-limit)`. SC and TSO
 * finish well within it.
 */
export const DEFAULT_SEED_SECONDS = 60;
/**
 * The same for an LKMM run: a complete LKMM search of the seed visits about 2 million
 * execution-graph states, about 3 minutes on a 2-core machine.
 */
export const DEFAULT_SEED_SECONDS_LKMM = 900;
/** An LKMM all-properties run searches breadth-first up to this many states, then depth-first. */
export const LKMM_BFS_STATES = 200_000;

/** Runs the seed table and prints it; returns the exit code. */
export async function runSeed(flags: SeedFlags): Promise<number> {
  const scenario: Scenario = resolveScenario(flags.scenario);
  const variants: Variant[] = [];
  for (const name of SEED_VARIANTS) variants.push(await resolveVariant(name));
  const models =
    flags.models && flags.models.length > 0
      ? SEED_MODELS.filter((m) => flags.models!.includes(m))
      : SEED_MODELS;
  const invariants = invariantNames();
  /** Breadth-first runs of a model the Wasm engine implements (SC) run there. */
  const wasm = await createEngine();
  const showProgress = flags.progress && !flags.json;
  const stop = interruption();
  const runs: SeedRun[] = [];
  const t0 = performance.now();
  try {
    for (const variant of variants) {
      const all = buildTarget({ scenario, variant });
      const invProps = all.properties.filter((p) => invariants.includes(p));
      for (const model of models) {
        for (const set of ['all', 'invariants'] as const) {
          if (stop.requested()) break;
          const target: TmigrTarget = { scenario, variant, properties: set === 'all' ? undefined : invProps };
          const label = `seed: ${variant.name} ${model} ${set === 'all' ? 'all properties' : 'invariants only'}`;
          if (flags.progress) err(`${label} ...`);
          const progress = progressReporter(showProgress, label);
          const expected = expectationFor(variant.name, model, set);
          let run: SeedRun;
          const allRun = runs.find((r) => r.variant === variant.name && r.model === model && r.set === 'all');
          if (set === 'invariants' && allRun?.result?.verdict === 'ok') {
            // A complete search that found no violation of any property found none of the invariants.
            const summary: RunSummary = { verdict: 'ok', property: null };
            run = {
              ...allRun,
              set,
              summary,
              expected,
              matches: expected.holds(summary, invariants),
              implied: true,
            };
            runs.push(run);
            progress.done();
            if (flags.progress) err(`${label}: ok (implied by the complete all-properties run)`);
            continue;
          }
          try {
            const built = set === 'all' ? all : buildTarget(target);
            const maxSeconds =
              flags.maxSeconds ??
              (flags.maxStates === undefined
                ? model === 'lkmm'
                  ? DEFAULT_SEED_SECONDS_LKMM
                  : DEFAULT_SEED_SECONDS
                : undefined);
            const search = (
              order: 'bfs' | 'dfs',
              maxStates: number | undefined,
              seconds: number | undefined,
            ) =>
              runTmigr(
                target,
                {
                  model,
                  maxStates,
                  maxSeconds: seconds,
                  search: order,
                  wasm,
                  onProgress: progress.update,
                  shouldStop: stop.requested,
                },
                built,
              );
            let outcome: ReturnType<typeof runTmigr>;
            if (searchFor(model, set) === 'bfs-then-dfs') {
              // Breadth-first for a shortest counterexample while the frontier is small, then
              // depth-first to finish with bounded memory (an LKMM frontier holds whole graphs).
              const cap = Math.min(flags.maxStates ?? Number.POSITIVE_INFINITY, LKMM_BFS_STATES);
              outcome = search('bfs', cap, maxSeconds);
              const first = outcome.kind === 'done' ? outcome.result : null;
              const capped = first?.verdict === 'incomplete' && first.reason === 'state-limit';
              if (
                first &&
                capped &&
                cap < (flags.maxStates ?? Number.POSITIVE_INFINITY) &&
                !stop.requested()
              ) {
                const left = maxSeconds === undefined ? undefined : Math.max(1, maxSeconds - first.seconds);
                outcome = search('dfs', flags.maxStates, left);
                if (outcome.kind === 'done') {
                  const r = outcome.result;
                  outcome = { ...outcome, result: { ...r, seconds: r.seconds + first.seconds } };
                }
              }
            } else {
              outcome = search(searchFor(model, set) === 'dfs' ? 'dfs' : 'bfs', flags.maxStates, maxSeconds);
            }
            if (outcome.kind === 'unavailable') {
              const summary: RunSummary = { verdict: 'unavailable', property: null };
              run = {
                variant: variant.name,
                model,
                set,
                summary,
                expected,
                matches: false,
                result: null,
                built,
                message: outcome.message,
              };
            } else {
              const summary = summarize(outcome.result);
              const matches = expected.holds(summary, invariants);
              run = {
                variant: variant.name,
                model,
                set,
                summary,
                expected,
                matches,
                result: outcome.result,
                built,
                message: null,
              };
            }
          } catch (e) {
            // A model that fails mid-search must not take the whole table down.
            const message = e instanceof Error ? e.message : String(e);
            const summary: RunSummary = { verdict: 'error', property: null };
            run = {
              variant: variant.name,
              model,
              set,
              summary,
              expected,
              matches: false,
              result: null,
              built: null,
              message,
            };
          } finally {
            progress.done();
          }
          if (flags.progress) {
            const r = run.result;
            err(`${label}: ${cellText(run)}${r ? `, ${fmtStates(r)} states, ${fmtSeconds(r)} s` : ''}`);
          }
          runs.push(run);
        }
      }
    }
  } finally {
    stop.dispose();
  }
  const interrupted = stop.wasRequested();
  const expectedCount = variants.length * models.length * 2;
  const story =
    runs.length === expectedCount && runs.every((r) => r.matches) && models.length === SEED_MODELS.length;
  const cex =
    runs.find(
      (r) =>
        r.variant === PRE_FIX &&
        r.model === 'lkmm' &&
        r.set === 'invariants' &&
        r.summary.property === SEED_INVARIANT,
    ) ?? runs.find((r) => r.variant === PRE_FIX && r.model === 'lkmm' && r.summary.verdict === 'violation');
  const cexTarget = (r: SeedRun): TmigrTarget => ({
    scenario,
    variant: variants.find((v) => v.name === r.variant)!,
    properties: r.set === 'all' ? undefined : r.built?.properties,
  });
  const cexTrace = cex?.result && cex.built ? tmigrTrace(cex.result, cex.built) : null;
  const itfWritten =
    flags.itf !== undefined && cex?.result && cex.built
      ? writeItf(flags.itf, cexTarget(cex), cex.result, cex.built, cexTrace)
      : false;

  if (flags.json) {
    out(
      JSON.stringify(
        {
          scenario: scenario.name,
          story,
          seconds: Number(((performance.now() - t0) / 1000).toFixed(3)),
          results: runs.map((r) => ({
            // An implied row shows the numbers of the all-properties search it follows from.
            variant: r.variant,
            model: r.model,
            properties: r.set,
            verdict: r.summary.verdict,
            property: r.summary.property,
            complete: r.result?.complete ?? false,
            states: r.result?.states ?? null,
            transitions: r.result?.transitions ?? null,
            depth: r.result?.depth ?? null,
            seconds: r.result ? Number(r.result.seconds.toFixed(4)) : null,
            reason: r.result?.reason ?? null,
            expected: r.expected.text,
            matches: r.matches,
            implied: r.implied ?? false,
            ...(r.message ? { message: r.message } : {}),
          })),
          counterexample:
            cex?.result && cex.built && cexTrace
              ? {
                  variant: cex.variant,
                  model: cex.model,
                  property: cex.result.property,
                  trace: namedJsonSteps(cexTrace, tmigrSource(cex.built)),
                }
              : null,
          ...(flags.itf !== undefined ? { itf: itfWritten ? flags.itf : null } : {}),
        },
        null,
        2,
      ),
    );
  } else {
    printTable(scenario, runs, variants, models);
    out();
    const unavailable = [
      ...new Set(runs.filter((r) => r.summary.verdict === 'unavailable').map((r) => r.model)),
    ];
    if (unavailable.length > 0)
      out(`unavailable: memory model ${unavailable.join(', ')} is not implemented in core yet`);
    const misses = runs.filter((r) => !r.matches && r.summary.verdict !== 'unavailable');
    // (errors are listed with the misses: their cell already says what went wrong)
    for (const r of misses) {
      out(
        `unexpected: ${r.variant} ${r.model} (${r.set === 'all' ? 'all properties' : 'invariants only'}): got ${cellText(r)}, expected ${r.expected.text}`,
      );
    }
    out(
      story
        ? `seed story reproduced: the pre-fix kernel trips only the !state.active WARN under sc and tso and breaks ${SEED_INVARIANT} under lkmm; the fix passes everything.`
        : `seed story NOT reproduced: ${runs.filter((r) => r.matches).length} of ${expectedCount} results match the expected story.`,
    );
    if (runs.some((r) => r.model === 'lkmm' && r.summary.verdict === 'incomplete'))
      out(
        `note: an LKMM search stopped at its limit; a complete one visits about 2 million states (about 3 minutes), give it time with --max-seconds (default ${DEFAULT_SEED_SECONDS_LKMM} for lkmm).`,
      );
    const lkmmInvariants = runs.find(
      (r) => r.variant === PRE_FIX && r.model === 'lkmm' && r.set === 'invariants',
    );
    if (lkmmInvariants?.summary.verdict === 'ok' && lkmmInvariants.result?.complete)
      out(
        `finding: under lkmm no execution of ${PRE_FIX} breaks ${SEED_INVARIANT} or any other invariant (complete search): the commit's steps 6 and 7 need CPU1 to miss the link that CPU2 saw, but CPU0 activates the new root with a fully ordered cmpxchg after publishing the link and CPU2 reads that activation before GRP1:0's state, which closes a propagation (pb) cycle. See apps/docs/gallery/seed.md.`,
      );
    if (cex?.result && cex.built && cexTrace) {
      out();
      out(
        `counterexample: ${cex.variant} under ${cex.model}, ${cex.result.property} (${cexTrace.steps.length} steps${cex.model === 'lkmm' ? '' : ', shortest'}):`,
      );
      if (cex.result.cut !== undefined)
        out(`violated at a quiescent cut of this execution, not at its last state: ${cex.result.cut}`);
      out();
      out(treesOf(cex.result, cex.built, cexTrace, flags.ascii ?? false));
    }
    if (!cexTrace && models.includes('lkmm')) {
      out();
      out('no LKMM counterexample to draw: the pre-fix kernel reached no violation under lkmm in this run.');
    }
    if (flags.itf !== undefined)
      out(itfWritten ? `ITF trace written to ${flags.itf}` : 'no LKMM counterexample: no ITF file written');
  }
  if (interrupted) return EXIT.interrupted;
  if (story) return EXIT.ok;
  // Only searches cut short by a limit stand between this run and the story: exit 3, not 1.
  const contradicted = runs.some((r) => !r.matches && r.summary.verdict !== 'incomplete');
  return contradicted ? EXIT.violation : EXIT.limit;
}

function printTable(
  scenario: Scenario,
  runs: readonly SeedRun[],
  variants: readonly Variant[],
  models: readonly ModelName[],
): void {
  out(`scenario ${scenario.name}: ${scenario.description}`);
  out();
  const rows: string[][] = [];
  for (const v of variants) {
    for (const m of models) {
      const all = runs.find((r) => r.variant === v.name && r.model === m && r.set === 'all');
      const inv = runs.find((r) => r.variant === v.name && r.model === m && r.set === 'invariants');
      const mark = (r: SeedRun | undefined): string => (r ? (r.matches ? '' : ' (!)') : '');
      rows.push([
        v.name,
        m,
        all ? cellText(all) + mark(all) : '-',
        fmtStates(all?.result ?? null),
        fmtSeconds(all?.result ?? null),
        inv ? cellText(inv) + mark(inv) : '-',
        fmtStates(inv?.implied ? null : (inv?.result ?? null)),
        fmtSeconds(inv?.implied ? null : (inv?.result ?? null)),
      ]);
    }
  }
  const head = [
    'variant',
    'model',
    'all properties: verdict',
    'states',
    's',
    'invariants only: verdict',
    'states',
    's',
  ];
  for (const line of table(head, rows, [3, 4, 6, 7])) out(line);
  out(
    '(!) = differs from the expected story; ok (implied) = the complete all-properties search found no violation at all',
  );
  if (models.includes('lkmm'))
    out(
      `lkmm runs search depth-first (invariants only), or breadth-first for ${LKMM_BFS_STATES.toLocaleString('en-US')} states, then depth-first (all properties); sc and tso breadth-first`,
    );
}

/**
 * The search order of one seed run. Breadth-first gives the shortest counterexample. Under the
 * LKMM the invariants are checked on finished executions and their quiescent cuts, which a
 * depth-first search reaches at once and with far less memory; an all-properties LKMM run
 * starts breadth-first for a short WARN trace and goes on depth-first.
 */
function searchFor(model: ModelName, set: PropertySet): 'bfs' | 'dfs' | 'bfs-then-dfs' {
  if (model !== 'lkmm') return 'bfs';
  return set === 'invariants' ? 'dfs' : 'bfs-then-dfs';
}
