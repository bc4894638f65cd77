// The thread-local interpreter of the LKMM search, mirroring core's models/lkmm/local.ts
// (`runLocalLk`, `RegisterUse`, `ctrlDepsAt`, `needsGuess`): like SC's runLocal, but every
// register also carries its dependency set and an "unknown" mark, branches with a join open
// control-dependency scopes, and a forward branch whose condition is unknown waits for a guess.
import {
  INSTR_WORDS,
  OP_ASSERT,
  OP_ASSUME,
  OP_BRANCH,
  OP_JUMP,
  OP_LOAD,
  OP_SET,
  OP_UNLOCK,
  ST_BOUND,
  ST_DONE,
  ST_RUNNING,
  X_END,
  X_REG,
} from '../../../core/src/encoding/opcodes';
import { evalExpr } from '../eval';
import { exprBase, TI_CODE, TI_NINSTR, TI_NREGS, TI_REGINIT, threadRow, word } from '../program';
import {
  bitsClear,
  bitsCopy,
  bitsEmpty,
  bitsOr,
  DW,
  depsOf,
  guessOf,
  LM,
  loopsOf,
  RM,
  regsOf,
  SCAP,
  SCW,
  scopeOf,
  OVF_EVENTS,
  OVF_SCOPES,
  setOverflow,
  setW,
  TH_NG,
  TH_NSC,
  TH_PC,
  TH_STATUS,
  unknownOf,
  w,
} from './state';

export const LOCAL_OK = 0;
export const LOCAL_PRUNED = 1;
export const LOCAL_VIOLATION = 2;
/** Property index of the assert of the last LOCAL_VIOLATION. */
export let localProperty: i32 = -1;

/** Address of instruction `pc` of thread `t`. */
export function instrAt(t: i32, pc: i32): usize {
  return <usize>load<u32>(threadRow(t) + TI_CODE) + (<usize>pc) * (INSTR_WORDS << 2);
}
export function codeLength(t: i32): i32 {
  return load<i32>(threadRow(t) + TI_NINSTR);
}
/** Word i of an instruction. */
export function iw(ip: usize, i: i32): i32 {
  return load<i32>(ip + ((<usize>i) << 2));
}
export function isSharedOp(op: i32): bool {
  return op >= OP_LOAD && op <= OP_UNLOCK;
}

/** Whether expression `e` (pool offset, -1 absent) reads a register marked unknown. */
export function exprUnknown(e: i32, th: usize): bool {
  if (e < 0) return false;
  const unk = unknownOf(th);
  let p = exprBase + ((<usize>e) << 2);
  while (true) {
    const tag = load<i32>(p);
    if (tag == X_END) return false;
    if (tag == X_REG && w(unk, load<i32>(p, 4)) != 0) return true;
    p += 8;
  }
  return false;
}

/** ORs the dependency set of expression `e`'s value into `out`. */
export function exprDepsInto(e: i32, th: usize, out: usize): void {
  if (e < 0) return;
  let p = exprBase + ((<usize>e) << 2);
  while (true) {
    const tag = load<i32>(p);
    if (tag == X_END) return;
    if (tag == X_REG) bitsOr(out, depsOf(th, load<i32>(p, 4)));
    p += 8;
  }
}

/** The dependency set of expression `e`'s value, written to `out`. */
export function exprDeps(e: i32, th: usize, out: usize): void {
  bitsClear(out);
  exprDepsInto(e, th, out);
}

/** Evaluates `e` over the thread's registers (`old`: the value an enclosing RMW read). */
export function evalIn(e: i32, th: usize, old: i32): i32 {
  return evalExpr(e, regsOf(th), old, 0);
}

/** The ctrl dependency set of an event created at `pc` (union of the live scopes around it). */
export function ctrlDepsAt(th: usize, pc: i32, out: usize): void {
  bitsClear(out);
  const n = w(th, TH_NSC);
  for (let i = 0; i < n; i++) {
    const s = scopeOf(th, i);
    if (w(s, 0) < pc && pc < w(s, 1)) bitsOr(out, s + 8);
  }
}

/** Resets a thread's local state to its initial one (events and guesses are kept). */
export function resetThread(t: i32, th: usize): void {
  setW(th, TH_PC, 0);
  setW(th, TH_STATUS, ST_RUNNING);
  setW(th, TH_NSC, 0);
  const row = threadRow(t);
  const nRegs = load<i32>(row + TI_NREGS);
  const init = <usize>load<u32>(row + TI_REGINIT);
  const regs = regsOf(th);
  const unk = unknownOf(th);
  for (let r = 0; r < RM; r++) {
    setW(regs, r, r < nRegs ? load<i32>(init + ((<usize>r) << 2)) : 0);
    setW(unk, r, 0);
    bitsClear(depsOf(th, r));
  }
  const loops = loopsOf(th);
  for (let i = 0; i < LM; i++) setW(loops, i, 0);
}

/** Whether the thread waits at a forward branch whose condition is unknown (local.ts `needsGuess`). */
export function needsGuess(t: i32, th: usize): bool {
  if (w(th, TH_STATUS) != ST_RUNNING) return false;
  const pc = w(th, TH_PC);
  if (pc >= codeLength(t)) return false;
  const ip = instrAt(t, pc);
  return iw(ip, 0) == OP_BRANCH && iw(ip, 2) > pc && exprUnknown(iw(ip, 1), th);
}

/** The guess at (pc, at): -1 none, else 0 (not taken) or 1 (taken). */
function findGuess(th: usize, pc: i32, at: i32): i32 {
  const n = w(th, TH_NG);
  for (let i = 0; i < n; i++) {
    const g = guessOf(th, i);
    if (w(g, 0) == pc && w(g, 1) == at) return w(g, 2);
  }
  return -1;
}

/** Keeps the scopes that contain the pc (in order). */
function pruneScopes(th: usize): void {
  const n = w(th, TH_NSC);
  if (n == 0) return;
  const pc = w(th, TH_PC);
  let k = 0;
  for (let i = 0; i < n; i++) {
    const s = scopeOf(th, i);
    if (w(s, 0) < pc && pc < w(s, 1)) {
      if (k != i) {
        const d = scopeOf(th, k);
        for (let j = 0; j < SCW; j++) setW(d, j, w(s, j));
      }
      k++;
    }
  }
  setW(th, TH_NSC, k);
}

/**
 * Runs thread `t`'s local instructions (state at `th`) until its next shared access, its end,
 * or a local instruction whose condition is unknown. `evCount`: the thread's events so far
 * (guesses are looked up by it). Returns LOCAL_OK, LOCAL_PRUNED or LOCAL_VIOLATION.
 */
export function runLocalLk(t: i32, th: usize, evCount: i32): i32 {
  const n = codeLength(t);
  while (w(th, TH_STATUS) == ST_RUNNING) {
    const pc = w(th, TH_PC);
    if (pc >= n) {
      setW(th, TH_STATUS, ST_DONE);
      break;
    }
    const ip = instrAt(t, pc);
    const op = iw(ip, 0);
    if (isSharedOp(op)) break;
    if (op == OP_SET) {
      const dst = iw(ip, 1);
      const e = iw(ip, 2);
      const unk = exprUnknown(e, th);
      const val = evalIn(e, th, 0);
      // deps of the value first: dst may be one of its registers.
      const tmp = depsScratch;
      exprDeps(e, th, tmp);
      setW(regsOf(th), dst, val);
      bitsCopy(depsOf(th, dst), tmp);
      setW(unknownOf(th), dst, unk ? 1 : 0);
      setW(th, TH_PC, pc + 1);
    } else if (op == OP_ASSUME) {
      const c = iw(ip, 1);
      if (exprUnknown(c, th)) return LOCAL_OK;
      if (evalIn(c, th, 0) == 0) return LOCAL_PRUNED;
      setW(th, TH_PC, pc + 1);
    } else if (op == OP_ASSERT) {
      const c = iw(ip, 1);
      if (exprUnknown(c, th)) return LOCAL_OK;
      if (evalIn(c, th, 0) == 0) {
        localProperty = iw(ip, 2);
        return LOCAL_VIOLATION;
      }
      setW(th, TH_PC, pc + 1);
    } else if (op == OP_BRANCH || op == OP_JUMP) {
      const isBranch = op == OP_BRANCH;
      const guess = isBranch ? findGuess(th, pc, evCount) : -1;
      let taken: bool;
      if (isBranch && exprUnknown(iw(ip, 1), th)) {
        if (guess < 0) return LOCAL_OK; // wait for the read, or for a guess
        taken = guess == 1;
      } else {
        taken = !isBranch || evalIn(iw(ip, 1), th, 0) != 0;
        if (guess >= 0 && (guess == 1) != taken) return LOCAL_PRUNED; // a wrong guess
      }
      if (isBranch) {
        const join = iw(ip, 3);
        if (join >= 0 && join > pc) {
          const tmp = depsScratch;
          exprDeps(iw(ip, 1), th, tmp);
          if (!bitsEmpty(tmp)) {
            const k = w(th, TH_NSC);
            if (k >= SCAP) {
              setOverflow(OVF_SCOPES);
              return LOCAL_PRUNED;
            }
            const s = scopeOf(th, k);
            setW(s, 0, pc);
            setW(s, 1, join);
            bitsCopy(s + 8, tmp);
            setW(th, TH_NSC, k + 1);
          }
        }
      }
      // Loop counters count one execution of a loop (shared decision 1, encode.ts
      // `computeLoopExits`): a branch resets the counters of the loops it leaves, taken (its
      // exit list) or falling through (its fall-through list: the loops whose range ends there).
      const slot = isBranch ? iw(ip, 4) : iw(ip, 2);
      const loops = loopsOf(th);
      if (!taken) {
        const ended = iw(ip, 8);
        const nEnded = iw(ip, 9);
        for (let k = 0; k < nEnded; k++) setW(loops, word(ended + k), 0);
        setW(th, TH_PC, pc + 1);
        pruneScopes(th);
        continue;
      }
      const target = isBranch ? iw(ip, 2) : iw(ip, 1);
      const bound = isBranch ? iw(ip, 5) : iw(ip, 3);
      if (slot >= 0) {
        const count = w(loops, slot);
        if (count >= bound) {
          setW(th, TH_STATUS, ST_BOUND);
          break;
        }
        setW(loops, slot, count + 1);
      }
      const exits = isBranch ? iw(ip, 6) : iw(ip, 4);
      const nExits = isBranch ? iw(ip, 7) : iw(ip, 5);
      for (let k = 0; k < nExits; k++) setW(loops, word(exits + k), 0);
      setW(th, TH_PC, target);
      pruneScopes(th);
    } else {
      break;
    }
  }
  return LOCAL_OK;
}

/** Scratch dependency set (set up by the search). */
export let depsScratch: usize = 0;
export function setDepsScratch(p: usize): void {
  depsScratch = p;
}

