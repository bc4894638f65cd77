// tmigr-check: base v7.1-rc1, name bd3c45dd01-c
// The seed fix bd3c45dd01 ("timers/migration: Fix another hotplug activation race") in C:
// the old root's state is read with a fully ordered atomic_fetch_or(0, ...), the
// WARN_ON_ONCE(!state.active) is gone and the new parents are activated only when the old
// root was seen active.

/* The `if (activate)` block at the end of tmigr_setup_groups(). */
static void tmigr_setup_groups_activate(struct tmigr_group *start)
{
	struct tmigr_walk data;
	union tmigr_state state;

	state.state = atomic_fetch_or(0, &start->migr_state);

	WARN_ON_ONCE(!start->parent);

	if (state.active) {
		data.childmask = start->groupmask;
		__walk_groups_from(tmigr_active_up, &data, start, start->parent);
	}
}
