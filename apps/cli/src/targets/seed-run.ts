import type { ModelName, Scenario, TmigrCheckResult, TmigrModel, Variant } from '@tmigr-check/core';
import { describeStepLine, INVARIANTS, tmigrSource } from '@tmigr-check/core';
import { createEngine } from '@tmigr-check/engine';
import { EXIT, err, out } from '../io.js';
import { progressReporter } from '../progress.js';
import { reductionJson, seedReductionNote } from '../reduction.js';
import { interruptRequested, searchStop } from '../stop.js';
import { defaultOrder, orderText, runInOrder } from './search-order.js';
import {
  type Expectation,
  expectationFor,
  FIXED,
  PRE_FIX,
  type PropertySet,
  RELAXED_READ_FIX,
  type RunSummary,
  SEED_MODELS,
  SEED_VARIANTS,
} from './seed-story.js';
import { outputWidth, table } from './table.js';
import { resolveScenario, resolveVariant } from './tmigr-load.js';
import { namedJsonSteps, treesOf, writeItf } from './tmigr-report.js';
import { buildTarget, type TmigrTarget, tmigrTrace } from './tmigr-run.js';

/** The flags of `seed`. */
export interface SeedFlags {
  json?: boolean;
  ascii?: boolean;
  itf?: string;
  scenario: string;
  maxStates?: number;
  maxSeconds?: number;
  maxMemory?: number;
  wide?: boolean;
  progress: boolean;
  /** Partial-order reduction in the Wasm SC and TSO searches (`--no-por` turns it off). */
  por?: boolean;
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
  /** True when Ctrl-C stopped this run. */
  readonly interrupted?: boolean;
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
  if (run.summary.verdict === 'incomplete')
    return `incomplete (${run.interrupted ? 'interrupted' : (run.result?.reason ?? '?')})`;
  return 'ok';
}

const fmtStates = (r: TmigrCheckResult | null): string => (r ? r.states.toLocaleString('en-US') : '-');
const fmtSeconds = (r: TmigrCheckResult | null): string => (r ? r.seconds.toFixed(2) : '-');

/**
 * Per-run time budget of an SC run when neither `--max-seconds` nor `--max-states` is given, so
 * that the main job ends in minutes; a run cut short shows as `incomplete (time-limit)`. SC
 * runs take about a second.
 */
export const DEFAULT_SEED_SECONDS = 60;
/**
 * The same for a TSO run: the TSO searches store up to 6 million states (37 s for v7.1-rc1's
 * invariants, about 60 s for the relaxed-read fix on a quiet 2-core machine).
 */
export const DEFAULT_SEED_SECONDS_TSO = 300;
/**
 * The same for an LKMM run: a complete LKMM search of the seed visits about 2 million
 * execution-graph states, about 3 minutes on a 2-core machine.
 */
export const DEFAULT_SEED_SECONDS_LKMM = 900;

/**
 * The commit's step 6 in a trace, in words: the first read of a parent link that returns NULL
 * although another CPU's store of the link is not yet visible to the reader (null if none).
 */
export function staleLinkRead(lines: readonly string[]): string | null {
  for (let i = 0; i < lines.length; i++) {
    const m =
      /^(CPU \d+) \S+: reads (\S+)->parent = NULL \((CPU \d+)'s store of (\S+) is not yet visible/.exec(
        lines[i]!,
      );
    if (m)
      return `in step ${i + 1} ${m[1]} reads ${m[2]}->parent as NULL although ${m[3]} stored ${m[4]} there: ${m[1]} stops below the new root ${m[4]}.`;
  }
  return null;
}

/** The finding, in plain sentences (printed when every search gave the expected result). */
export const SEED_FINDING: readonly string[] = [
  `finding: ${PRE_FIX} reaches only the WARN_ON_ONCE(!state.active) in tmigr_setup_groups(), under every model; no invariant breaks, because CPU 0 activates the new root with a fully ordered cmpxchg after storing the link (herd7 agrees: Never).`,
  `The commit's steps 6 and 7 are what the fix would allow without its fully ordered read: with a relaxed atomic_read() (${RELAXED_READ_FIX}) CPU 1 can read the link as NULL although CPU 0 stored it, while CPU 0 reads the old root as inactive, and nobody activates the new root, under x86-TSO and LKMM (herd7, LKMM: Sometimes).`,
  `${FIXED} reads with atomic_fetch_or(0, ...), which is fully ordered, and passes every search. See apps/docs/gallery/seed.md and packages/core/litmus/tmigr-seed-*.litmus.`,
];

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
  /** Runs of a model and order the Wasm engine implements run there. */
  const wasm = await createEngine();
  const showProgress = flags.progress && !flags.json;
  const runs: SeedRun[] = [];
  const t0 = performance.now();
  for (const variant of variants) {
    const all = buildTarget({ scenario, variant });
    const invProps = all.properties.filter((p) => invariants.includes(p));
    for (const model of models) {
      for (const set of ['all', 'invariants'] as const) {
        if (interruptRequested()) break;
        const target: TmigrTarget = { scenario, variant, properties: set === 'all' ? undefined : invProps };
        const label = `seed: ${variant.name} ${model} ${set === 'all' ? 'all properties' : 'invariants only'}`;
        if (flags.progress) err(`${label} ...`);
        const maxSeconds =
          flags.maxSeconds ??
          (flags.maxStates === undefined
            ? model === 'lkmm'
              ? DEFAULT_SEED_SECONDS_LKMM
              : model === 'tso'
                ? DEFAULT_SEED_SECONDS_TSO
                : DEFAULT_SEED_SECONDS
            : undefined);
        const progress = progressReporter(showProgress, label, { maxStates: flags.maxStates, maxSeconds });
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
        const stop = searchStop(flags.maxMemory);
        try {
          const built = set === 'all' ? all : buildTarget(target);
          const outcome = runInOrder(
            target,
            defaultOrder(model, set === 'invariants'),
            {
              model,
              maxStates: flags.maxStates,
              maxSeconds,
              onProgress: progress.update,
              stop,
              wasm,
              por: flags.por,
            },
            built,
          );
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
          stop.dispose();
        }
        const memory = stop.memoryMessage();
        if (memory) err(`${label}: ${memory}`);
        if (stop.cause() === 'interrupted') run = { ...run, interrupted: true };
        if (flags.progress) {
          const r = run.result;
          err(`${label}: ${cellText(run)}${r ? `, ${fmtStates(r)} states, ${fmtSeconds(r)} s` : ''}`);
        }
        runs.push(run);
      }
    }
  }
  const interrupted = interruptRequested();
  const expectedCount = variants.length * models.length * 2;
  // Every search of this run completed with its expected result; the story needs all models.
  const allMatch = runs.length === expectedCount && runs.every((r) => r.matches);
  const story = allMatch && models.length === SEED_MODELS.length;
  // The commit's steps 6 and 7, as the relaxed-read fix reaches them under the LKMM.
  const cex =
    runs.find(
      (r) =>
        r.variant === RELAXED_READ_FIX &&
        r.model === 'lkmm' &&
        r.set === 'invariants' &&
        r.summary.verdict === 'violation',
    ) ??
    runs.find(
      (r) => r.variant === RELAXED_READ_FIX && r.model === 'lkmm' && r.summary.verdict === 'violation',
    );
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
            engine: r.result?.engine ?? null,
            ...(r.result ? reductionJson(r.result) : {}),
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
    printTable(scenario, runs, variants, models, flags.wide);
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
        ? 'seed story reproduced: every search is complete and gives the expected result.'
        : allMatch
          ? `all ${expectedCount} results match the expected story (models ${models.join(', ')}; the whole story needs sc, tso and lkmm).`
          : `seed story NOT reproduced: ${runs.filter((r) => r.matches).length} of ${expectedCount} results match the expected story.`,
    );
    if (runs.some((r) => r.model === 'lkmm' && r.summary.verdict === 'incomplete'))
      out(
        `note: an LKMM search stopped at its limit; a complete one visits about 2 million states (minutes), give it time with --max-seconds (default ${DEFAULT_SEED_SECONDS_LKMM} for lkmm).`,
      );
    if (story) for (const line of SEED_FINDING) out(line);
    if (cex?.result && cex.built && cexTrace) {
      out();
      out(
        `counterexample: ${cex.variant} under ${cex.model}, ${cex.result.property} (${cexTrace.steps.length} steps${cex.model === 'lkmm' ? '' : ', shortest'}):`,
      );
      const naming = tmigrSource(cex.built);
      const lines = cexTrace.steps.map((st) => describeStepLine(naming, st.step));
      const missed = staleLinkRead(lines);
      if (missed) out(missed);
      if (cex.result.cut !== undefined)
        out(`violated at a quiescent cut of this execution, not at its last state: ${cex.result.cut}`);
      out();
      out(treesOf(cex.result, cex.built, cexTrace, flags.ascii ?? false));
    }
    if (!cexTrace && models.includes('lkmm')) {
      out();
      out(`no LKMM counterexample to draw: ${RELAXED_READ_FIX} reached no violation under lkmm in this run.`);
    }
    if (flags.itf !== undefined)
      out(itfWritten ? `ITF trace written to ${flags.itf}` : 'no LKMM counterexample: no ITF file written');
  }
  if (interrupted) return EXIT.interrupted;
  if (allMatch) return EXIT.ok;
  // Only searches cut short by a limit stand between this run and the story: exit 3, not 1.
  const contradicted = runs.some((r) => !r.matches && r.summary.verdict !== 'incomplete');
  return contradicted ? EXIT.violation : EXIT.limit;
}

function printTable(
  scenario: Scenario,
  runs: readonly SeedRun[],
  variants: readonly Variant[],
  models: readonly ModelName[],
  wide: boolean | undefined,
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
  for (const line of table(head, rows, { right: [3, 4, 6, 7], wrap: [2, 5], width: outputWidth(wide) }))
    out(line);
  out(
    '(!) = differs from the expected story; ok (implied) = the complete all-properties search found no violation at all',
  );
  const reduction = seedReductionNote(runs.map((r) => r.result));
  if (reduction) out(reduction);
  if (models.includes('lkmm'))
    out(
      `lkmm runs search ${orderText('dfs')} (invariants only), or ${orderText('bfs-then-dfs')} (all properties); sc and tso ${orderText('bfs')}`,
    );
}
