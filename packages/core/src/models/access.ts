import { evalExpr } from '../ir/eval.js';
import type { Program, SharedInstr } from '../ir/types.js';

/** Evaluates the address of a shared instruction; returns 0 for fences. */
export function addressOfAccess(instr: SharedInstr, regs: Int32Array): number {
  return instr.op === 'fence' ? 0 : evalExpr(instr.addr, regs);
}

export function isValidAddress(program: Program, addr: number): boolean {
  return addr >= 1 && addr <= program.locations.length;
}

/** The property name reported for an access to an address that is not a location. */
export const BAD_ADDRESS = 'invalid-address';
/** The property name reported when no thread can move but some have not finished. */
export const DEADLOCK = 'deadlock';
