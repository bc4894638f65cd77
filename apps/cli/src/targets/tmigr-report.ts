import { writeFileSync } from 'node:fs';
import {
  describeStepLine,
  renderTreeTrace,
  type TmigrCheckResult,
  type TmigrModel,
  type Trace,
  type TraceNaming,
  tmigrSource,
  traceToItf,
} from '@tmigr-check/core';
import { boundLine, boundReport, boundTrace } from '../bound-report.js';
import { EXIT, exitCodeFor, out, UsageError } from '../io.js';
import { cachingJson, cachingLine } from '../lkmm-search.js';
import { reductionJson, reductionText, traceLabel } from '../reduction.js';
import type { StopCause } from '../stop.js';
import type { JsonStep } from '../trace-json.js';
import { orderText, type SearchOrder } from './search-order.js';
import { type TmigrTarget, tmigrTrace } from './tmigr-run.js';

/** Output flags of a tmigr check. */
export interface TmigrOutputFlags {
  readonly json?: boolean | undefined;
  readonly ascii?: boolean | undefined;
  /** Write the counterexample as ITF JSON to this file. */
  readonly itf?: string | undefined;
  /** The search order the result came from (a depth-first trace is not the shortest). */
  readonly search?: SearchOrder | undefined;
}

/** JSON steps (as `check --example` prints them) with layout names and decoded values. */
export function namedJsonSteps(trace: Trace, naming: TraceNaming): JsonStep[] {
  return trace.steps.map((s, i) => {
    const st = s.step;
    return {
      index: i + 1,
      thread: naming.threadName(st.thread),
      choice: st.choice,
      pc: st.pc,
      function: st.instr?.src?.fn ?? null,
      source: st.instr?.src?.text ?? null,
      op: st.instr ? (st.instr.op === 'fence' ? `fence ${st.instr.kind}` : st.instr.op) : null,
      location: st.addr !== undefined ? naming.locationName(st.addr) : null,
      read: st.read ?? null,
      wrote: st.wrote ?? null,
      stale: st.stale ? { latest: st.stale.latest, writer: naming.threadName(st.stale.writer) } : null,
      violation: s.violation ?? null,
      text: describeStepLine(naming, st),
    };
  });
}

/** Writes the ITF file of a counterexample; returns false when there is no trace to write. */
export function writeItf(
  file: string,
  target: TmigrTarget,
  result: TmigrCheckResult,
  model: TmigrModel,
  trace: Trace | null,
): boolean {
  if (!trace) return false;
  const itf = traceToItf(
    model.program,
    trace,
    {
      model: result.model,
      scenario: target.scenario.name,
      variant: target.variant.name,
      property: result.property,
      description: `tmigr-check: ${result.property ?? 'trace'} in scenario ${target.scenario.name} (variant ${target.variant.name}, model ${result.model})`,
    },
    tmigrSource(model),
  );
  try {
    writeFileSync(file, `${JSON.stringify(itf, null, 2)}\n`);
  } catch (e) {
    throw new UsageError(`--itf: cannot write '${file}': ${e instanceof Error ? e.message : String(e)}`);
  }
  return true;
}

/** The trees of a counterexample, ready to print. */
export function treesOf(result: TmigrCheckResult, model: TmigrModel, trace: Trace, ascii: boolean): string {
  return renderTreeTrace(trace, tmigrSource(model), { ascii, property: result.property });
}

/** Prints a tmigr result as JSON or text (with trees) and returns the exit code. */
export function reportTmigr(
  target: TmigrTarget,
  result: TmigrCheckResult,
  model: TmigrModel,
  flags: TmigrOutputFlags,
  cause: StopCause | null,
  /** The order that ran, and whether the CLI chose it (no --search). */
  ran?: { readonly order: SearchOrder; readonly chosen: boolean },
): number {
  const reason = cause === 'interrupted' && result.verdict === 'incomplete' ? 'interrupted' : result.reason;
  const trace = tmigrTrace(result, model);
  const naming = tmigrSource(model);
  const bound = result.bound ? boundReport(model.program, result.bound, (t) => naming.threadName(t)) : null;
  const toBound = result.bound ? boundTrace(model.program, result.model, result.bound) : null;
  const itfWritten = flags.itf !== undefined && writeItf(flags.itf, target, result, model, trace);
  if (flags.json) {
    out(
      JSON.stringify(
        {
          scenario: target.scenario.name,
          variant: target.variant.name,
          properties: model.properties,
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
          ...(ran ? { search: ran.order } : {}),
          ...(result.cut !== undefined ? { cut: result.cut } : {}),
          trace: trace ? namedJsonSteps(trace, naming) : null,
          ...(bound && toBound ? { bound: { ...bound, trace: namedJsonSteps(toBound, naming) } } : {}),
          ...(flags.itf !== undefined ? { itf: itfWritten ? flags.itf : null } : {}),
        },
        null,
        2,
      ),
    );
  } else {
    const what = result.verdict === 'violation' ? `violation of ${result.property}` : result.verdict;
    const why = result.verdict === 'incomplete' ? ` (${reason})` : '';
    const props = target.properties ? target.properties.join(', ') : `all ${model.properties.length}`;
    out(`scenario ${target.scenario.name}, variant ${target.variant.name}, properties: ${props}`);
    out(`verdict: ${what}${why}`);
    out(
      `model ${result.model}, engine ${result.engine}${reductionText(result)}: ${result.states.toLocaleString('en-US')} states, ${result.transitions.toLocaleString('en-US')} transitions, depth ${result.depth}, ${result.seconds.toFixed(3)} s`,
    );
    const caching = cachingLine(result);
    if (caching) out(caching);
    if (ran)
      out(
        `search: ${orderText(ran.order)}${ran.chosen ? ` (the default for ${result.model}${result.model === 'lkmm' ? (ran.order === 'dfs' ? ' when only invariants are checked' : ' when WARNs are checked') : ''}; choose with --search)` : ''}`,
      );
    if (result.cut !== undefined)
      out(
        `violated at a quiescent cut of the execution below, not at its last state: ${result.cut} (each read inside the cut reads a write inside it)`,
      );
    if (trace) {
      out(
        `${result.model === 'lkmm' || (flags.search !== undefined && flags.search !== 'bfs') ? 'trace' : traceLabel(result)} (${trace.steps.length} steps):`,
      );
      out();
      out(treesOf(result, model, trace, flags.ascii ?? false));
    }
    if (bound && toBound) {
      out(boundLine(bound));
      out(`path to that state (${toBound.steps.length} steps):`);
      out();
      out(renderTreeTrace(toBound, naming, { ascii: flags.ascii ?? false }));
    }
    if (flags.itf !== undefined)
      out(itfWritten ? `ITF trace written to ${flags.itf}` : 'no trace: no ITF file written');
  }
  if (cause === 'interrupted') return EXIT.interrupted;
  return exitCodeFor(result.verdict);
}
