// 64-bit fingerprint of a state vector: the xxHash64 round and avalanche functions over
// 8-byte lanes (one lane of state, which is all that short vectors need).

const P1: u64 = 0x9e3779b185ebca87;
const P2: u64 = 0xc2b2ae3d27d4eb4f;
const P3: u64 = 0x165667b19e3779f9;
const P4: u64 = 0x85ebca77c2b2ae63;
const P5: u64 = 0x27d4eb2f165667c5;

function merge(h: u64, v: u64): u64 {
  return (h ^ (rotl<u64>(v * P2, 31) * P1)) * P1 + P4;
}

/** Fingerprint of `bytes` bytes at `p` (a multiple of 4); never 0 (0 marks an empty slot). */
export function fingerprint(p: usize, bytes: usize): u64 {
  let h: u64;
  if (bytes >= 32) {
    let v1: u64 = P1 + P2;
    let v2: u64 = P2;
    let v3: u64 = 0;
    let v4: u64 = 0 - P1;
    const limit = p + bytes - 32;
    do {
      v1 = rotl<u64>(v1 + load<u64>(p) * P2, 31) * P1;
      v2 = rotl<u64>(v2 + load<u64>(p, 8) * P2, 31) * P1;
      v3 = rotl<u64>(v3 + load<u64>(p, 16) * P2, 31) * P1;
      v4 = rotl<u64>(v4 + load<u64>(p, 24) * P2, 31) * P1;
      p += 32;
    } while (p <= limit);
    h = rotl<u64>(v1, 1) + rotl<u64>(v2, 7) + rotl<u64>(v3, 12) + rotl<u64>(v4, 18);
    h = merge(h, v1);
    h = merge(h, v2);
    h = merge(h, v3);
    h = merge(h, v4);
    bytes &= 31;
  } else {
    h = P5;
  }
  h += <u64>bytes;
  const end = p + (bytes & ~(<usize>7));
  while (p < end) {
    const k = rotl<u64>(load<u64>(p) * P2, 31) * P1;
    h = rotl<u64>(h ^ k, 27) * P1 + P4;
    p += 8;
  }
  if (bytes & 4) {
    h = rotl<u64>(h ^ (<u64>load<u32>(p) * P1), 23) * P2 + P3;
  }
  h ^= h >> 33;
  h *= P2;
  h ^= h >> 29;
  h *= P3;
  h ^= h >> 32;
  return h == 0 ? 1 : h;
}

// ---- Additive vector hashes (the SC and x86-TSO searches) ----
//
// The hash of a state vector is the wrapping sum over its 8-byte lanes of laneMix(lane index,
// lane): a step changes a few lanes of its head's vector, so a successor's hash is its head's
// plus the change of the lanes that differ (undo.ts `commit`, from the words the step logged),
// instead of a multiply chain over the whole vector. laneMix is MurmurHash3's 64-bit finalizer (a bijection)
// of the lane keyed by its index, so two distinct vectors have equal sums with probability about
// 2⁻⁶⁴, as for any 64-bit fingerprint.

// @ts-ignore: decorator
@inline function laneMix(i: usize, v: u64): u64 {
  let x = v ^ ((<u64>i + 1) * P3);
  x ^= x >> 33;
  x *= 0xff51afd7ed558ccd;
  x ^= x >> 33;
  x *= 0xc4ceb9fe1a85ec53;
  x ^= x >> 33;
  return x;
}

/** One lane's term of the additive hash: lane `i` holding `v` (undo.ts updates hashes with it). */
// @ts-ignore: decorator
@inline export function laneHash(i: usize, v: u64): u64 {
  return laneMix(i, v);
}

/** The additive hash of the `bytes` bytes (a multiple of 4) at `p`; a trailing word is the last lane. */
export function vectorHash(p: usize, bytes: usize): u64 {
  let h: u64 = 0;
  const lanes = bytes >> 3;
  for (let i: usize = 0; i < lanes; i++) h += laneMix(i, load<u64>(p + (i << 3)));
  if (bytes & 4) h += laneMix(lanes, <u64>load<u32>(p + (lanes << 3)));
  return h;
}

/** The visited table's key for a vector hash: never 0 (0 marks an empty slot). */
// @ts-ignore: decorator
@inline export function hashKey(h: u64): u64 {
  return h == 0 ? 1 : h;
}
