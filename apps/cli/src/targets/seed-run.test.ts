import { describe, expect, it } from 'vitest';
import { staleLinkRead } from './seed-run.js';

describe('staleLinkRead', () => {
  it("names the step where a CPU reads a parent link as NULL although another CPU's store is not yet visible", () => {
    const lines = [
      'CPU 0 tmigr_connect_child_parent: writes (release) GRP1:0->parent = GRP2:0',
      'CPU 2 __walk_groups_from: reads GRP0:1->parent = GRP1:0',
      "CPU 1 __walk_groups_from: reads GRP1:0->parent = NULL (CPU 0's store of GRP2:0 is not yet visible to CPU 1)",
    ];
    expect(staleLinkRead(lines)).toBe(
      'in step 3 CPU 1 reads GRP1:0->parent as NULL although CPU 0 stored GRP2:0 there: CPU 1 stops below the new root GRP2:0.',
    );
    // A NULL that is the latest value is no stale read.
    expect(staleLinkRead(['CPU 1 __walk_groups_from: reads GRP1:0->parent = NULL'])).toBeNull();
  });
});
