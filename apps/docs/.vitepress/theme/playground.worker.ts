/// <reference lib="webworker" />
/**
 * The playground's checker, off the page's main thread: the page posts a RunRequest, the
 * worker builds the program, runs the chosen engine within the given limits and posts back
 * the verdict, the statistics and the formatted trace. The page stops a run by terminating
 * the worker.
 */
import {
  type CheckResult,
  EXAMPLES,
  type ModelName,
  type Program,
  check,
  formatTrace,
  replay,
  semanticsFor,
} from '@tmigr-check/core';
import { createEngine } from '@tmigr-check/engine';
import type { Capabilities, RunRequest, RunSummary, WorkerMessage } from './protocol';

const post = (msg: WorkerMessage): void => (self as unknown as DedicatedWorkerGlobalScope).postMessage(msg);

const ALL_MODELS: readonly ModelName[] = ['sc', 'tso', 'lkmm'];

type Engine = Awaited<ReturnType<typeof createEngine>>;
let engine: Engine | null = null;
let engineError: string | null = null;

/** Models the reference explorer accepts: `semanticsFor` throws for the others. */
function referenceModels(): ModelName[] {
  const probe = EXAMPLES.sb?.build() ?? Object.values(EXAMPLES)[0]!.build();
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
    litmus: false,
  };
  post({ type: 'ready', caps });
}

function summary(r: CheckResult): RunSummary {
  return {
    verdict: r.verdict,
    property: r.property,
    model: r.model,
    engine: r.engine,
    complete: r.complete,
    states: r.states,
    transitions: r.transitions,
    depth: r.depth,
    seconds: r.seconds,
    reason: r.reason,
  };
}

async function run(req: RunRequest): Promise<void> {
  const t0 = performance.now();
  let program: Program;
  if (req.source.kind === 'example') {
    const ex = EXAMPLES[req.source.name];
    if (!ex) throw new Error(`unknown example '${req.source.name}'`);
    program = ex.build();
  } else {
    throw new Error('this build of @tmigr-check/core has no C-litmus front end');
  }
  const onProgress = (p: { states: number; seconds: number }): void =>
    post({ type: 'progress', id: req.id, states: p.states, seconds: p.seconds });
  const limits = { model: req.model, maxStates: req.maxStates, maxSeconds: req.maxSeconds, onProgress, progressEvery: 20_000 };
  const useWasm = req.engine === 'wasm' || (req.engine === 'auto' && engine !== null && engine.supports(req.model));
  let result: CheckResult;
  if (useWasm) {
    if (!engine) throw new Error(`the Wasm engine did not load: ${engineError}`);
    if (!engine.supports(req.model)) throw new Error(`the Wasm engine does not support model ${req.model} yet`);
    result = await engine.check(program, limits);
  } else {
    result = check(program, limits);
  }
  const trace = result.path ? formatTrace(program, replay(semanticsFor(program, result.model), result.path)) : null;
  post({
    type: 'result',
    id: req.id,
    program: program.name,
    result: summary(result),
    trace,
    observation: null,
    wallMs: performance.now() - t0,
  });
}

self.onmessage = (ev: MessageEvent<RunRequest>) => {
  const req = ev.data;
  if (req?.type !== 'run') return;
  run(req).catch((e: unknown) => {
    post({ type: 'error', id: req.id, message: e instanceof Error ? e.message : String(e) });
  });
};

void start();
