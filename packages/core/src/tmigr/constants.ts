/**
 * Constants and the `union tmigr_state` packing (kernel/time/timer_migration.h, v7.1-rc1):
 * a 32-bit word overlaid on { u8 active; u8 migrator; u16 seq } (little endian: active is
 * bits 0-7, migrator bits 8-15, seq bits 16-31).
 */

/** `TMIGR_NONE`: no migrator. */
export const TMIGR_NONE = 0xff;
/** `BIT_CNT`: width of the active bitmap. */
export const BIT_CNT = 8;
/** The model's KTIME_MAX ("no event"): the largest 32-bit signed value. */
export const KTIME_MAX = 0x7fffffff;
/** Expiry values a scenario may use (the model's symbolic time domain). */
export const MAX_EXPIRY = 6;
/** KTIME_MAX as stored in a 3-bit timerqueue slot. */
export const SLOT_KTIME_MAX = 7;
/** Bits per child slot in a group's `events` word: bit 0 = queued, bits 1-3 = expiry. */
export const SLOT_BITS = 4;

export interface TmigrState {
  readonly active: number;
  readonly migrator: number;
  readonly seq: number;
}

/** Packs a state like `union tmigr_state` (seq wraps at 16 bits). */
export function packState(s: TmigrState): number {
  return (s.active & 0xff) | ((s.migrator & 0xff) << 8) | ((s.seq & 0xffff) << 16) | 0;
}

/** Unpacks a `union tmigr_state` word. */
export function unpackState(word: number): TmigrState {
  return { active: word & 0xff, migrator: (word >>> 8) & 0xff, seq: (word >>> 16) & 0xffff };
}

/** The state `tmigr_init_group()` sets: active 0, migrator TMIGR_NONE, seq 0. */
export const INIT_STATE = packState({ active: 0, migrator: TMIGR_NONE, seq: 0 });

/** Number of the lowest set bit of a one-bit mask (0 for 0, like a missing slot). */
export function bitIndex(mask: number): number {
  for (let i = 0; i < 32; i++) if (mask & (1 << i)) return i;
  return -1;
}
