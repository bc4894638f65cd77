// Event kinds and flags of the LKMM graph: the same values as core's models/lkmm/events.ts.

export const EV_R: i32 = 0;
export const EV_W: i32 = 1;
export const EV_F: i32 = 2;

export const TAG_ONCE: i32 = 1 << 0;
export const TAG_ACQUIRE: i32 = 1 << 1;
export const TAG_RELEASE: i32 = 1 << 2;
export const TAG_MB: i32 = 1 << 3;
export const TAG_NORETURN: i32 = 1 << 4;
export const IN_RMW: i32 = 1 << 5;
export const FAILED_RMW: i32 = 1 << 6;
export const LKR: i32 = 1 << 7;
export const LKW: i32 = 1 << 8;
export const UL: i32 = 1 << 9;
export const F_MB: i32 = 1 << 10;
export const F_RMB: i32 = 1 << 11;
export const F_WMB: i32 = 1 << 12;
export const F_BEFORE_ATOMIC: i32 = 1 << 13;
export const F_AFTER_ATOMIC: i32 = 1 << 14;
export const F_AFTER_SPINLOCK: i32 = 1 << 15;
