// tmigr-check: base bd3c45dd01, name relaxed-read
// The seed fix without its ordering: the old root's state is read with a relaxed
// atomic_read(), and the new parents are activated only when the old root was seen active
// (the propagation is left to a CPU that wakes up later). Does the conditional propagation
// alone close the race, or does it need the full ordering of atomic_fetch_or(0, ...)?
//
//   pnpm --silent tmigr-check check --scenario seed --variant apps/docs/examples/relaxed-read.c --model lkmm

static void tmigr_setup_groups_activate(struct tmigr_group *start)
{
	struct tmigr_walk data;
	union tmigr_state state;

	state.state = atomic_read(&start->migr_state);

	WARN_ON_ONCE(!start->parent);

	if (state.active) {
		data.childmask = start->groupmask;
		__walk_groups_from(tmigr_active_up, &data, start, start->parent);
	}
}
