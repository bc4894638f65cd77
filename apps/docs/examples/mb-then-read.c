// tmigr-check: base bd3c45dd01, name mb-then-read
// A candidate alternative to the seed fix (bd3c45dd01): instead of the fully ordered
// atomic_fetch_or(0, &start->migr_state), a full barrier, then a relaxed read of the old
// root's state. Only the activate block at the end of tmigr_setup_groups() changes.
//
//   pnpm --silent tmigr-check check --scenario seed --variant apps/docs/examples/mb-then-read.c --model lkmm

static void tmigr_setup_groups_activate(struct tmigr_group *start)
{
	struct tmigr_walk data;
	union tmigr_state state;

	smp_mb();
	state.state = atomic_read(&start->migr_state);

	WARN_ON_ONCE(!start->parent);

	if (state.active) {
		data.childmask = start->groupmask;
		__walk_groups_from(tmigr_active_up, &data, start, start->parent);
	}
}
