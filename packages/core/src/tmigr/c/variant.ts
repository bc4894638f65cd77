/**
 * `parseVariantC()`: a C file of function definitions becomes a variant whose emitters are
 * those of its base, with every defined function replaced by the lowering of its C body.
 *
 * Header (a line comment anywhere before the first function):
 *   // tmigr-check: base v7.1-rc1, name my-fix
 * Other leading line comments become the description.
 */
import type { EmitContext, Emitters, Variant } from '../types.js';
import { VariantError } from '../variants/define.js';
import { type CFile, type CFunction, sourceOf } from './ast.js';
import { lowerCall } from './calls.js';
import { CVariantError, fail } from './errors.js';
import { lowerBody } from './lower-stmt.js';
import { parseC } from './parser.js';
import { FnScope, modelType, typeText } from './scope.js';
import { type Binding, NOT_IN_C, SIGNATURES } from './signatures.js';
import { WARN_SITES } from './warn-sites.js';

export interface ParseVariantCOptions {
  /** Base variant (name or variant) when the header names none. */
  readonly base?: string | Variant;
  /** The file name used in messages (default `variant.c`). */
  readonly file?: string;
  /** Variant name when the header names none (default: the file name without `.c`). */
  readonly name?: string;
}

interface Header {
  base?: string;
  name?: string;
  description: string;
  setup: Record<string, string | number | boolean>;
  removeWarns: string[];
}

const SETUP_KEYS = ['preinitNewTop', 'oldRootAttachChildren', 'connectOrder', 'parentStore', 'setupOn'];

function readHeader(f: CFile, file: string): Header {
  const firstFn = f.functions[0]?.line ?? Number.POSITIVE_INFINITY;
  const h: Header = { description: '', setup: {}, removeWarns: [] };
  const desc: string[] = [];
  for (const cmt of f.lineComments) {
    if (cmt.line >= firstFn) break;
    const m = /^tmigr-check:\s*(.*)$/.exec(cmt.text);
    if (!m) {
      if (cmt.text) desc.push(cmt.text);
      continue;
    }
    const rw = /^remove-warn\s+(.+)$/.exec(m[1]!);
    if (rw) {
      h.removeWarns.push(rw[1]!.trim());
      continue;
    }
    for (const part of m[1]!.split(',')) {
      const at = { line: cmt.line, col: 1 };
      const kv = /^\s*(base|name|setup)\s+(\S+)\s*$/.exec(part);
      if (!kv)
        fail(
          file,
          at,
          `bad tmigr-check header entry '${part.trim()}' (expected 'base NAME', 'name NAME', 'setup KEY=VALUE' or 'remove-warn WARN')`,
        );
      if (kv[1] === 'setup') {
        const sv = /^(\w+)=(\S+)$/.exec(kv[2]!);
        if (!sv || !SETUP_KEYS.includes(sv[1]!))
          fail(file, at, `bad setup entry '${kv[2]}' (keys: ${SETUP_KEYS.join(', ')})`);
        const v = sv[2]!;
        h.setup[sv[1]!] = v === 'true' ? true : v === 'false' ? false : /^\d+$/.test(v) ? Number(v) : v;
      } else {
        h[kv[1] as 'base' | 'name'] = kv[2]!;
      }
    }
  }
  h.description = desc.join(' ');
  return h;
}

/** Checks a definition against the model function's signature. */
function checkSignature(def: CFunction, file: string, known: readonly string[]): void {
  const sig = SIGNATURES[def.name];
  if (!sig) {
    const why = NOT_IN_C[def.name];
    if (why) fail(file, def, `${def.name}() cannot be written in C: ${why}`);
    fail(file, def, `${def.name}() is not a kernel function of the model (known: ${known.join(', ')})`);
  }
  if (def.params.length !== sig.params.length) {
    fail(
      file,
      def,
      `${def.name}() takes ${sig.params.length} parameter${sig.params.length === 1 ? '' : 's'} in the model: ${sig.proto}`,
    );
  }
  def.params.forEach((p, i) => {
    const mt = modelType(p.type);
    const want = sig.params[i]!;
    if (mt !== want)
      fail(
        file,
        p,
        `parameter '${p.name}' of ${def.name}() has type ${typeText(p.type)}; the model's signature is ${sig.proto}`,
      );
  });
  const rt = modelType(def.ret);
  if (!sig.returns && rt !== 'void' && rt !== 'int')
    fail(file, def, `bad return type; the model's signature is ${sig.proto}`);
}

/** How deep each C function is being emitted right now (nested invocations get own registers). */
const active = new WeakMap<EmitContext, Map<string, number>>();

function makeEmitter(def: CFunction, f: CFile, file: string): Emitters[keyof Emitters] {
  const sig = SIGNATURES[def.name]!;
  return sig.make((ctx: EmitContext, b: Binding) => {
    let depths = active.get(ctx);
    if (!depths) {
      depths = new Map();
      active.set(ctx, depths);
    }
    const depth = depths.get(def.name) ?? 0;
    depths.set(def.name, depth + 1);
    try {
      const S = new FnScope({
        ctx,
        file,
        text: f.text,
        fn: def.name,
        traceFn: sig.traceName ?? def.name,
        prefix: depth === 0 ? def.name : `${def.name}#${depth}`,
        self: b.self,
        retReg: b.retReg,
      });
      S.lowerCall = lowerCall;
      S.body = def.body;
      if (b.link) S.link = b.link;
      def.params.forEach((p, i) => {
        S.bind(p.name, b.params[i]!, p);
      });
      lowerBody(S, def.body);
      if (b.deadAtExit) ctx.kill(b.deadAtExit);
    } finally {
      depths.set(def.name, depth);
    }
  });
}

/** Every `WARN_ON[_ONCE](...)` property text in a function. */
function warnsIn(f: CFile, def: CFunction): string[] {
  const out: string[] = [];
  const re = /\bWARN_ON(_ONCE)?\s*\(/g;
  const body = f.text.slice(def.body.start, def.body.end);
  for (let m = re.exec(body); m; m = re.exec(body)) {
    let depth = 0;
    let i = m.index + m[0].length - 1;
    for (; i < body.length; i++) {
      if (body[i] === '(') depth++;
      else if (body[i] === ')' && --depth === 0) break;
    }
    out.push(sourceOf(body, { start: m.index, end: i + 1 }));
  }
  return out;
}

/**
 * Parses a C variant: function definitions that override those of the base variant.
 * `lookup` finds a base variant by name. Bad input throws a {@link CVariantError}
 * (`file:line:col: message`).
 */
export function parseVariantCWith(
  text: string,
  options: ParseVariantCOptions,
  lookup: (name: string) => Variant,
  probe?: (v: Variant) => void,
): Variant {
  const file = options.file ?? 'variant.c';
  const f = parseC(text, file);
  const header = readHeader(f, file);
  if (f.functions.length === 0) fail(file, { line: 1, col: 1 }, 'no function definitions');
  const baseArg = header.base ?? options.base;
  if (baseArg === undefined) {
    fail(
      file,
      { line: 1, col: 1 },
      "no base variant: start the file with '// tmigr-check: base v7.1-rc1, name my-fix'",
    );
  }
  let base: Variant;
  try {
    base = typeof baseArg === 'string' ? lookup(baseArg) : baseArg;
  } catch (e) {
    throw new CVariantError(file, { line: 1, col: 1 }, e instanceof Error ? e.message : String(e));
  }
  const known = Object.keys(base.emitters);
  const overrides: Record<string, unknown> = {};
  const seen = new Map<string, CFunction>();
  for (const def of f.functions) {
    checkSignature(
      def,
      file,
      known.filter((k) => SIGNATURES[k]),
    );
    if (seen.has(def.name)) fail(file, def, `${def.name}() is defined twice`);
    seen.set(def.name, def);
    overrides[def.name] = makeEmitter(def, f, file);
  }
  const cWarns = f.functions.flatMap((d) => warnsIn(f, d));
  const replaced = new Set(seen.keys());
  // WARNs of the base that only live in a replaced function and that the C code no longer has.
  for (const w of header.removeWarns) {
    if (!base.warns.includes(w))
      fail(
        file,
        { line: 1, col: 1 },
        `remove-warn: ${base.name} has no '${w}' (known: ${base.warns.join('; ')})`,
      );
  }
  const warns = [
    ...base.warns.filter(
      (w) =>
        !header.removeWarns.includes(w) &&
        (cWarns.includes(w) || !WARN_SITES[w]?.every((site) => replaced.has(site))),
    ),
    ...cWarns.filter((w, i) => !base.warns.includes(w) && cWarns.indexOf(w) === i),
  ];
  const name = header.name ?? options.name ?? file.replace(/^.*[\\/]/, '').replace(/\.c$/, '');
  if (!name) throw new VariantError(`${file}: the variant needs a name`);
  const variant: Variant = {
    name,
    description: header.description || `C variant of ${base.name} (${[...replaced].join(', ')})`,
    kernel: `C variant ${file} based on ${base.name}`,
    base: base.name,
    emitters: { ...base.emitters, ...overrides } as Emitters,
    setup: { ...base.setup, ...header.setup } as Variant['setup'],
    warns,
  };
  // Lowering happens when a model is built: build some to report errors now.
  if (probe) {
    try {
      probe(variant);
    } catch (e) {
      if (e instanceof CVariantError) throw e;
    }
  }
  return variant;
}
