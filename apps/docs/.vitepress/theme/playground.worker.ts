/// <reference lib="webworker" />
/**
 * The playground's checker, off the page's main thread: the page posts a RunRequest, the
 * worker builds the program (a built-in example or a C litmus test), runs it within the given
 * limits and posts back the verdict, the statistics and the formatted trace. The page stops a
 * run by terminating the worker.
 */
import {
  check,
  compileLitmus,
  EXAMPLES,
  formatObservation,
  formatTrace,
  type ModelName,
  parseLitmus,
  replay,
  runLitmus,
  semanticsFor,
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
    models: referenceModels(),
    wasmModels: engine ? ALL_MODELS.filter((m) => engine!.supports(m)) : [],
    wasmError: engineError,
  };
  post({ type: 'ready', caps });
}

function runExample(req: RunRequest, name: string, t0: number): CheckRun {
  const ex = EXAMPLES[name];
  if (!ex) throw new Error(`unknown example '${name}'`);
  const program = ex.build();
  const onProgress = (p: { states: number; seconds: number }): void =>
    post({ type: 'progress', id: req.id, states: p.states, seconds: p.seconds });
  const limits = { model: req.model, maxStates: req.maxStates, maxSeconds: req.maxSeconds, onProgress };
  const useWasm =
    req.engine === 'wasm' || (req.engine === 'auto' && engine !== null && engine.supports(req.model));
  let result: ReturnType<typeof check>;
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
  return {
    kind: 'check',
    program: program.name,
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

function runLitmusText(req: RunRequest, text: string, t0: number): LitmusRun {
  if (req.engine === 'wasm')
    throw new Error('litmus tests run on the TypeScript reference explorer; choose "auto" or "TypeScript"');
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
  const result =
    req.source.kind === 'example'
      ? runExample(req, req.source.name, t0)
      : runLitmusText(req, req.source.text, t0);
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
