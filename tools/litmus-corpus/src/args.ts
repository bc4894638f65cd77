import type { ModelName } from '@tmigr-check/core';

/** Options of the `corpus` command line. */
export interface CorpusArgs {
  readonly models: ModelName[];
  readonly subset: string;
  readonly sources: string[];
  readonly match?: string;
  readonly sample?: number;
  readonly minProcs?: number;
  readonly maxProcs?: number;
  readonly maxSeconds: number;
  /** `both`: the reference, then the Wasm engine, with both wall times side by side. */
  readonly engine: 'ts' | 'wasm' | 'both';
  readonly dir?: string;
  /** Only tests with a plain access (`isPlainAccessTest`). */
  readonly plain: boolean;
  readonly help: boolean;
}

/** A bad command line: one line, exit 2. */
export class ArgsError extends Error {}

export const USAGE = `usage: corpus [--model sc|tso|lkmm|all] [--subset core|ext|out|all] [--source NAME[,NAME]]
              [--match TEXT] [--sample N] [--min-procs N] [--max-procs N] [--max-seconds S] [--engine ts|wasm|both] [--dir PATH]
              [--plain]
Runs the litmus corpus ($TMIGR_LITMUS_DIR, else ../shared/litmus next to the repository) and
prints an agreement table against herd7's verdicts per source and model. --plain keeps the
tests with a plain access (C \`*x = v\` / \`r = *x\`), judged on verdict and data-race flag.`;

const MODELS: readonly ModelName[] = ['sc', 'tso', 'lkmm'];

/** Parses the command line (`argv` without node and the script). */
export function parseArgs(argv: readonly string[]): CorpusArgs {
  let models: ModelName[] = [...MODELS];
  let subset = 'core';
  let sources: string[] = [];
  let match: string | undefined;
  let sample: number | undefined;
  let minProcs: number | undefined;
  let maxProcs: number | undefined;
  let maxSeconds = 10;
  let engine: 'ts' | 'wasm' | 'both' = 'ts';
  let dir: string | undefined;
  let plain = false;
  let help = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const [flag, inline] = a.includes('=')
      ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)]
      : [a, undefined];
    const value = (): string => {
      const v = inline ?? argv[++i];
      if (v === undefined || v === '') throw new ArgsError(`${flag}: missing value`);
      return v;
    };
    switch (flag) {
      case '--model': {
        const v = value();
        if (v === 'all') models = [...MODELS];
        else {
          models = v.split(',') as ModelName[];
          for (const m of models)
            if (!MODELS.includes(m))
              throw new ArgsError(`--model: unknown model '${m}' (sc, tso, lkmm, all)`);
        }
        break;
      }
      case '--subset': {
        subset = value();
        if (!['core', 'ext', 'out', 'all'].includes(subset))
          throw new ArgsError(`--subset: unknown subset '${subset}' (core, ext, out, all)`);
        break;
      }
      case '--source':
        sources = value().split(',');
        for (const s of sources) {
          if (!['kernel-tools', 'kernel-doc', 'paulmckrcu'].includes(s)) {
            throw new ArgsError(`--source: unknown source '${s}' (kernel-tools, kernel-doc, paulmckrcu)`);
          }
        }
        break;
      case '--match':
        match = value();
        break;
      case '--sample': {
        const n = Number(value());
        if (!Number.isInteger(n) || n <= 0) throw new ArgsError('--sample: expected a positive integer');
        sample = n;
        break;
      }
      case '--min-procs': {
        const n = Number(value());
        if (!Number.isInteger(n) || n <= 0) throw new ArgsError('--min-procs: expected a positive integer');
        minProcs = n;
        break;
      }
      case '--max-procs': {
        const n = Number(value());
        if (!Number.isInteger(n) || n <= 0) throw new ArgsError('--max-procs: expected a positive integer');
        maxProcs = n;
        break;
      }
      case '--max-seconds': {
        const n = Number(value());
        if (!Number.isFinite(n) || n <= 0) throw new ArgsError('--max-seconds: expected a positive number');
        maxSeconds = n;
        break;
      }
      case '--engine': {
        const v = value();
        if (v !== 'ts' && v !== 'wasm' && v !== 'both')
          throw new ArgsError(`--engine: unknown engine '${v}' (ts, wasm, both)`);
        engine = v;
        break;
      }
      case '--dir':
        dir = value();
        break;
      case '--plain':
        if (inline !== undefined) throw new ArgsError('--plain: takes no value');
        plain = true;
        break;
      case '-h':
      case '--help':
        help = true;
        break;
      default:
        throw new ArgsError(`unknown argument '${a}'`);
    }
  }
  return {
    models,
    subset,
    sources,
    ...(match !== undefined ? { match } : {}),
    ...(sample !== undefined ? { sample } : {}),
    ...(minProcs !== undefined ? { minProcs } : {}),
    ...(maxProcs !== undefined ? { maxProcs } : {}),
    maxSeconds,
    engine,
    ...(dir !== undefined ? { dir } : {}),
    plain,
    help,
  };
}
