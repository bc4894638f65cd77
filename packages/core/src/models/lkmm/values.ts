/**
 * A value analysis of a whole program (all threads together), used by `future.ts` to know
 * which locations each shared instruction may access when its address is computed from
 * registers (pointer chasing: `group = READ_ONCE(group->parent)`).
 *
 * Abstract values are small sets of 32-bit constants, or ⊤ ("any value") once a set would
 * exceed {@link MAX_VALUES} elements. The analysis computes, as a least fixpoint:
 * - per location (flow-insensitive): its initial value, plus every value a store, RMW (its
 *   `value` evaluated with `old` = the location's values; the guard is ignored), spin_lock (1)
 *   or spin_unlock (0) of any thread may write to one of the locations its address may denote;
 * - per thread, instruction and register (flow-sensitive over the thread's control-flow
 *   graph, loop bounds ignored): the values the register may hold when the instruction runs.
 *   A load gives its destination the values of every location its address may denote; a
 *   branch or `assume` narrows each register of its condition to the values that can take
 *   that edge; an access goes on only with register values for which its address is valid
 *   (an access to an invalid address stops the thread: a bad-address violation). An `assert`
 *   narrows nothing (under deferral a thread goes on past a failed assert).
 *
 * Flow-sensitivity is what keeps the registers of a NULL-terminated pointer walk precise: with
 * one set per register for the whole thread, the walk's NULL (and its reset-to-0 registers)
 * reach `group + 1`, the addresses of unrelated cells follow, and everything becomes ⊤.
 *
 * Expressions are evaluated over the sets (every combination of operand values; an `ite`
 * whose condition may be zero and non-zero gives both arms). The result over-approximates
 * every value a register or location holds in any execution, under any memory model: every
 * value written or read in an execution is computed by some instruction from values that
 * (by induction over the execution) are in the sets. (A state of the LKMM search that runs
 * ahead on a guessed branch direction may go beyond this, but such a state is discarded when
 * the guess is checked, and so is everything reached from it.) Addresses outside
 * `1..locations.length` denote no location.
 */
import { applyBin, applyUn, exprRegisters } from '../../ir/eval.js';
import type { Expr, Program } from '../../ir/types.js';

/** Sets larger than this become ⊤. */
export const MAX_VALUES = 64;

/** An abstract value: a set of constants, or `null` for ⊤ (any value). */
export type ValueSet = ReadonlySet<number> | null;

/** The result of {@link analyzeValues}. */
export interface ValueAnalysis {
  /** [thread][register]: the values the register may hold at some point, its initial value included (null = any). */
  readonly registers: readonly (readonly ValueSet[])[];
  /** [location index]: the values the location may hold (null = any). */
  readonly locations: readonly ValueSet[];
  /**
   * [thread][pc]: for a load, store, RMW, lock or unlock, the sorted addresses (1-based) of the
   * locations it may access, or null when it may access any location; empty for other
   * instructions and for accesses the analysis finds unreachable.
   */
  readonly accesses: readonly (readonly (readonly number[] | null)[])[];
}

function single(v: number): Set<number> {
  return new Set([v | 0]);
}

/** Evaluates `e` over abstract register values; `old` is the set read by an enclosing RMW. */
export function evalValues(e: Expr, regs: readonly ValueSet[], old: ValueSet = single(0)): ValueSet {
  switch (e.k) {
    case 'const':
      return single(e.v);
    case 'reg':
      return regs[e.r] === undefined ? single(0) : regs[e.r]!;
    case 'old':
      return old;
    case 'bin': {
      const a = evalValues(e.a, regs, old);
      if (a === null) return null;
      const b = evalValues(e.b, regs, old);
      if (b === null) return null;
      const out = new Set<number>();
      for (const x of a) {
        for (const y of b) {
          out.add(applyBin(e.op, x, y));
          if (out.size > MAX_VALUES) return null;
        }
      }
      return out;
    }
    case 'un': {
      const a = evalValues(e.a, regs, old);
      if (a === null) return null;
      const out = new Set<number>();
      for (const x of a) out.add(applyUn(e.op, x));
      return out;
    }
    case 'ite': {
      const c = evalValues(e.c, regs, old);
      const mayTrue = c === null || [...c].some((x) => x !== 0);
      const mayFalse = c === null || c.has(0);
      if (mayTrue && !mayFalse) return evalValues(e.t, regs, old);
      if (mayFalse && !mayTrue) return evalValues(e.e, regs, old);
      return union(evalValues(e.t, regs, old), evalValues(e.e, regs, old));
    }
  }
}

function union(a: ValueSet, b: ValueSet): ValueSet {
  if (a === null || b === null) return null;
  if (b.size === 0) return a;
  const out = new Set(a);
  for (const x of b) out.add(x);
  return out.size > MAX_VALUES ? null : out;
}

/** Adds `vals` into `slots[i]`; returns whether it grew. */
function addInto(slots: ValueSet[], i: number, vals: ValueSet): boolean {
  const cur = slots[i];
  if (cur === null) return false;
  if (vals === null) {
    slots[i] = null;
    return true;
  }
  let grown: Set<number> | null = null;
  for (const x of vals) {
    if (cur!.has(x)) continue;
    grown ??= new Set(cur);
    grown.add(x);
  }
  if (grown === null) return false;
  slots[i] = grown.size > MAX_VALUES ? null : grown;
  return true;
}

/** The location indices (0-based) an address set denotes, or null for any location. */
function locIndices(addrs: ValueSet, nLoc: number): number[] | null {
  if (addrs === null) return null;
  const out: number[] = [];
  for (const a of addrs) if (a >= 1 && a <= nLoc) out.push(a - 1);
  return out.sort((x, y) => x - y);
}

type Env = ValueSet[];

function joinEnv(into: Env | undefined, from: Env): { env: Env; changed: boolean } {
  if (into === undefined) return { env: from.slice(), changed: true };
  let changed = false;
  for (let r = 0; r < from.length; r++) {
    if (addInto(into, r, from[r]!)) changed = true;
  }
  return { env: into, changed };
}

/**
 * Narrows `env` to the register values under which `cond` may be non-zero (`want` true) or
 * zero (`want` false); null when no values are left (the edge is never taken).
 */
function refine(env: Env, cond: Expr, want: boolean): Env | null {
  let out: Env | null = null;
  for (const r of exprRegisters(cond)) {
    const cur = (out ?? env)[r];
    if (cur === null || cur === undefined) continue;
    const kept = new Set<number>();
    const probe = (out ?? env).slice();
    for (const v of cur) {
      probe[r] = single(v);
      const c = evalValues(cond, probe);
      if (c === null || (want ? [...c].some((x) => x !== 0) : c.has(0))) kept.add(v);
    }
    if (kept.size === 0) return null;
    if (kept.size !== cur.size) {
      out ??= env.slice();
      out[r] = kept;
    }
  }
  return out ?? env;
}

/**
 * Narrows `env` to the register values under which `addr` may denote a location (an access to
 * an invalid address stops its thread); null when none is left.
 */
function refineValid(env: Env, addr: Expr, nLoc: number): Env | null {
  const valid = (vals: ValueSet): boolean => vals === null || [...vals].some((a) => a >= 1 && a <= nLoc);
  let out: Env | null = null;
  for (const r of exprRegisters(addr)) {
    const cur = (out ?? env)[r];
    if (cur === null || cur === undefined) continue;
    const kept = new Set<number>();
    const probe = (out ?? env).slice();
    for (const v of cur) {
      probe[r] = single(v);
      if (valid(evalValues(addr, probe))) kept.add(v);
    }
    if (kept.size === 0) return null;
    if (kept.size !== cur.size) {
      out ??= env.slice();
      out[r] = kept;
    }
  }
  if (out === null && !valid(evalValues(addr, env))) return null;
  return out ?? env;
}

/** Runs the value analysis on `program` (see the module doc). */
export function analyzeValues(program: Program): ValueAnalysis {
  const nLoc = program.locations.length;
  const locs: ValueSet[] = program.locations.map((l) => single(l.init));
  const envs: (Env | undefined)[][] = program.threads.map((t) => {
    const at = new Array<Env | undefined>(t.code.length + 1).fill(undefined);
    at[0] = t.registers.map((_, i) => single(t.registerInit?.[i] ?? 0));
    return at;
  });
  const valuesAt = (idx: number[] | null): ValueSet => {
    if (idx === null) return null;
    let v: ValueSet = new Set<number>();
    for (const i of idx) {
      v = union(v, locs[i]!);
      if (v === null) return null;
    }
    return v;
  };
  let changed = true;
  const writeAll = (idx: number[] | null, vals: ValueSet): void => {
    if (idx === null) {
      for (let i = 0; i < nLoc; i++) if (addInto(locs, i, vals)) changed = true;
    } else {
      for (const i of idx) if (addInto(locs, i, vals)) changed = true;
    }
  };
  while (changed) {
    changed = false;
    program.threads.forEach((thread, ti) => {
      const at = envs[ti]!;
      const flow = (pc: number, env: Env | null): void => {
        if (env === null || pc > thread.code.length) return;
        const j = joinEnv(at[pc], env);
        at[pc] = j.env;
        if (j.changed) changed = true;
      };
      thread.code.forEach((i, pc) => {
        const at0 = at[pc];
        if (at0 === undefined) return;
        let env: Env = at0;
        if (i.op === 'load' || i.op === 'store' || i.op === 'rmw' || i.op === 'lock' || i.op === 'unlock') {
          // The thread goes on past an access only if its address was valid.
          const ok = refineValid(at0, i.addr, nLoc);
          if (ok === null) return;
          env = ok;
        }
        switch (i.op) {
          case 'set': {
            const next = env.slice();
            next[i.dst] = evalValues(i.value, env);
            flow(pc + 1, next);
            return;
          }
          case 'load': {
            const next = env.slice();
            next[i.dst] = valuesAt(locIndices(evalValues(i.addr, env), nLoc));
            flow(pc + 1, next);
            return;
          }
          case 'store':
            writeAll(locIndices(evalValues(i.addr, env), nLoc), evalValues(i.value, env));
            flow(pc + 1, env);
            return;
          case 'rmw': {
            const idx = locIndices(evalValues(i.addr, env), nLoc);
            const old = valuesAt(idx);
            writeAll(idx, evalValues(i.value, env, old));
            const next = env.slice();
            if (i.dst !== undefined) next[i.dst] = old;
            if (i.ok !== undefined) next[i.ok] = new Set([0, 1]);
            flow(pc + 1, next);
            return;
          }
          case 'lock':
          case 'unlock':
            writeAll(locIndices(evalValues(i.addr, env), nLoc), single(i.op === 'lock' ? 1 : 0));
            flow(pc + 1, env);
            return;
          case 'branch':
            flow(i.target, refine(env, i.cond, true));
            flow(pc + 1, refine(env, i.cond, false));
            return;
          case 'jump':
            flow(i.target, env);
            return;
          case 'assume':
            flow(pc + 1, refine(env, i.cond, true));
            return;
          default:
            // fence; assert (a thread goes on past a failed assert under deferral)
            flow(pc + 1, env);
            return;
        }
      });
    });
  }
  const top = (n: number): Env => new Array<ValueSet>(n).fill(null);
  const registers = program.threads.map((thread, ti) => {
    const all: Env = thread.registers.map(() => new Set<number>());
    for (const env of envs[ti]!) if (env) joinEnv(all, env);
    return all.length === 0 ? top(0) : all;
  });
  const accesses = program.threads.map((thread, ti) =>
    thread.code.map((i, pc) => {
      switch (i.op) {
        case 'load':
        case 'store':
        case 'rmw':
        case 'lock':
        case 'unlock': {
          const env = envs[ti]![pc];
          if (env === undefined) return []; // unreachable
          const idx = locIndices(evalValues(i.addr, env), nLoc);
          return idx === null ? null : idx.map((x) => x + 1);
        }
        default:
          return [];
      }
    }),
  );
  return { registers, locations: locs, accesses };
}
