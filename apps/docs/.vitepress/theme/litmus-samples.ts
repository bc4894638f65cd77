/** Litmus tests offered by the playground's "C litmus test" tab (written for this site). */
export const LITMUS_SAMPLES: readonly { readonly name: string; readonly text: string }[] = [
  {
    name: 'seed race (RWC)',
    text: `C tmigr-seed-RWC

(*
 * The accesses of the seed race (bd3c45dd01, pre-fix) that form the cycle.
 * parent: the old root's parent link (0 = NULL, 1 = the new root).
 * state:  the old root's migr_state (0 = inactive, 1 = active).
 * P0 is the hotplug control CPU, P1 the CPU going idle, P2 the CPU waking up.
 * Expected: Never under SC and x86-TSO, Sometimes under LKMM.
 *)

{
}

P0(int *parent, int *state)
{
\tsmp_store_release(parent, 1);
}

P1(int *parent, int *state)
{
\tint r0;
\tint r1;

\tr0 = smp_load_acquire(parent);
\tr1 = READ_ONCE(*state);
}

P2(int *parent, int *state)
{
\tint r0;
\tint r1;

\tr0 = cmpxchg(state, 0, 1);
\tr1 = READ_ONCE(*parent);
}

exists (1:r0=1 /\\ 1:r1=0 /\\ 2:r0=0 /\\ 2:r1=0)
`,
  },
  {
    name: 'seed race, fixed',
    text: `C tmigr-seed-RWC-fixed

(*
 * The same shape after the fix: the control CPU reads the old root's state with a
 * fully ordered atomic_fetch_or(0, ...) after publishing the link. The condition
 * asks for the case the fix leaves to P2: P0 saw the old root inactive (0:r0=0).
 * Expected: Never under every model.
 *)

{
}

P0(int *parent, atomic_t *state)
{
\tint r0;

\tsmp_store_release(parent, 1);
\tr0 = atomic_fetch_or(0, state);
}

P1(int *parent, atomic_t *state)
{
\tint r0;
\tint r1;

\tr0 = smp_load_acquire(parent);
\tr1 = atomic_read(state);
}

P2(int *parent, atomic_t *state)
{
\tint r0;
\tint r1;

\tr0 = atomic_cmpxchg(state, 0, 1);
\tr1 = READ_ONCE(*parent);
}

exists (1:r0=1 /\\ 1:r1=0 /\\ 2:r0=0 /\\ 2:r1=0 /\\ 0:r0=0)
`,
  },
  {
    name: 'store buffering with smp_mb()',
    text: `C SB+mb+mb

{
}

P0(int *x, int *y)
{
\tint r0;

\tWRITE_ONCE(*x, 1);
\tsmp_mb();
\tr0 = READ_ONCE(*y);
}

P1(int *x, int *y)
{
\tint r0;

\tWRITE_ONCE(*y, 1);
\tsmp_mb();
\tr0 = READ_ONCE(*x);
}

exists (0:r0=0 /\\ 1:r0=0)
`,
  },
];
