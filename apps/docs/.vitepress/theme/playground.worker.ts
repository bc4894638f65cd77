/// <reference lib="webworker" />
/**
 * The playground's checker, off the page's main thread: the page posts a RunRequest, the
 * worker builds the program (a built-in example, a tmigr preset scenario or a C litmus test),
 * runs it within the given limits and posts back the verdict, the statistics and the formatted
 * trace. The page stops a run by terminating the worker.
 */
import {
  type CheckResult,
  check,
  checkTmigr,
  compileLitmus,
  EXAMPLES,
  formatObservation,
  formatTrace,
  getVariant,
  listScenarios,
  listVariants,
  loadScenario,
  type ModelName,
  parseLitmus,
  renderTreeTrace,
  replay,
  runLitmus,
  semanticsFor,
  tmigrSource,
} from '@tmigr-check/core';
import { createEngine, type WasmEngine } from '@tmigr-check/engine';
import type { Capabilities, CheckRun, LitmusRun, RunRequest, WorkerMessage } from './protocol';

const post = (msg: WorkerMessage): void => (self as unknown as DedicatedWorkerGlobalScope).postMessage(msg);

const ALL_MODELS: readonly ModelName[] = ['sc', 'tso', 'lkmm'];
/** Cap on the Wasm engine's linear memory in the browser (it would otherwise grow towards 4 GiB). */
const WASM_MEMORY_MB = 1024;

let engine: WasmEngine | null = null;
let engineError: string | null = null;

/** Models the reference explorer accepts: `semanticsFor` throws for the others. */
function referenceModels(): ModelName[] {
  const probe = Object.values(EXAMPLES)[0]!.build();
  return ALL_MODELS.filter((m) => {
    try {
      semanticsFor(probe, m);
      return true;
    } catch {
      return false;
    }
  });
}

async function start(): Promise<void> {
  try {
    engine = await createEngine();
  } catch (e) {
    engineError = e instanceof Error ? e.message : String(e);
  }
  const caps: Capabilities = {
    examples: Object.entries(EXAMPLES).map(([name, ex]) => ({ name, description: ex.description })),
    scenarios: listScenarios(),
    variants: listVariants().map((v) => ({ name: v.name, description: v.description })),
    models: referenceModels(),
    wasmModels: engine ? ALL_MODELS.filter((m) => engine!.supports(m)) : [],
    wasmError: engineError,
  };
  post({ type: 'ready', caps });
}

const progressOf =
  (id: number) =>
  (p: { states: number; seconds: number }): void =>
    post({ type: 'progress', id, states: p.states, seconds: p.seconds });

function checkRun(program: string, result: CheckResult, trace: string | null, t0: number): CheckRun {
  return {
    kind: 'check',
    program,
    model: result.model,
    engine: result.engine,
    states: result.states,
    seconds: result.seconds,
    wallMs: performance.now() - t0,
    trace,
    verdict: result.verdict,
    property: result.property,
    complete: result.complete,
    transitions: result.transitions,
    depth: result.depth,
    reason: result.reason,
  };
}

/** A built-in example, as `check --example NAME` runs it. */
function runExample(req: RunRequest, name: string, t0: number): CheckRun {
  const ex = EXAMPLES[name];
  if (!ex) throw new Error(`unknown example '${name}'`);
  const program = ex.build();
  const limits = {
    model: req.model,
    maxStates: req.maxStates,
    maxSeconds: req.maxSeconds,
    onProgress: progressOf(req.id),
  };
  const useWasm =
    req.engine === 'wasm' || (req.engine === 'auto' && engine !== null && engine.supports(req.model));
  let result: CheckResult;
  if (useWasm) {
    if (!engine) throw new Error(`the Wasm engine did not load: ${engineError}`);
    if (!engine.supports(req.model))
      throw new Error(`the Wasm engine does not support model ${req.model} yet`);
    // The worker is ours alone: the synchronous search is fastest, and Stop terminates the worker.
    result = engine.check(program, { ...limits, maxMemoryMB: WASM_MEMORY_MB });
  } else {
    result = check(program, { ...limits, progressEvery: 20_000 });
  }
  const trace = result.path
    ? formatTrace(program, replay(semanticsFor(program, result.model), result.path))
    : null;
  return checkRun(program.name, result, trace, t0);
}

/** A tmigr preset scenario under a kernel variant, as `check --scenario S --variant V` runs it. */
function runScenario(req: RunRequest, name: string, variantName: string, t0: number): CheckRun {
  // The tmigr properties need the reference explorer's invariant hook (as in the CLI).
  if (req.engine === 'wasm') {
    throw new Error(
      'tmigr scenarios run on the TypeScript reference explorer; choose "auto" or "TypeScript"',
    );
  }
  const scenario = loadScenario(name); // a preset name: no file is read
  const variant = getVariant(variantName);
  const result = checkTmigr(scenario, variant, {
    model: req.model,
    maxStates: req.maxStates,
    maxSeconds: req.maxSeconds,
    onProgress: progressOf(req.id),
  });
  const trace = result.path
    ? renderTreeTrace(
        replay(semanticsFor(result.tmigr.program, result.model), result.path),
        tmigrSource(result.tmigr),
        {
          property: result.property,
        },
      )
    : null;
  return checkRun(`${scenario.name} (variant ${variant.name})`, result, trace, t0);
}

/** A C litmus test, as `litmus --explain` runs it. */
function runLitmusText(req: RunRequest, text: string, t0: number): LitmusRun {
  if (req.engine === 'wasm') {
    throw new Error('litmus tests run on the TypeScript reference explorer; choose "auto" or "TypeScript"');
  }
  const compiled = compileLitmus(parseLitmus(text, 'playground.litmus'));
  const out = runLitmus(compiled, { model: req.model, maxSeconds: req.maxSeconds, explain: true });
  const finals = out.finals.map((f) => {
    const values = Object.entries(f.values)
      .map(([k, v]) => `${k}=${v}`)
      .join('; ');
    return `${values}${f.holds ? '  (condition holds)' : ''}`;
  });
  return {
    kind: 'litmus',
    program: out.name,
    model: out.model,
    engine: 'ts',
    states: out.states,
    seconds: out.seconds,
    wallMs: performance.now() - t0,
    trace: out.witness ? formatTrace(compiled.program, out.witness.trace) : null,
    status: out.status,
    error: out.error ?? null,
    observation: formatObservation(out.name, out),
    judged: out.judged,
    quantifier: out.quantifier,
    validated: out.validated,
    finals,
  };
}

function run(req: RunRequest): void {
  const t0 = performance.now();
  const src = req.source;
  const result =
    src.kind === 'example'
      ? runExample(req, src.name, t0)
      : src.kind === 'scenario'
        ? runScenario(req, src.name, src.variant, t0)
        : runLitmusText(req, src.text, t0);
  post({ type: 'result', id: req.id, run: result });
}

self.onmessage = (ev: MessageEvent<RunRequest>) => {
  const req = ev.data;
  if (req?.type !== 'run') return;
  try {
    run(req);
  } catch (e) {
    post({ type: 'error', id: req.id, message: e instanceof Error ? e.message : String(e) });
  }
};

void start();
