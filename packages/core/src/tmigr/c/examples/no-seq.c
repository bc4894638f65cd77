// tmigr-check: base v7.1-rc1, name no-seq-c
// v7.1-rc1 without the seq counter of union tmigr_state (the race of the section "Protection
// of the tmigr group state information" of timer_migration.c): tmigr_active_up() and
// tmigr_inactive_up() do not increment newstate.seq, so a stale try_cmpxchg succeeds (ABA).

static bool tmigr_active_up(struct tmigr_group *group,
			    struct tmigr_group *child,
			    struct tmigr_walk *data)
{
	union tmigr_state curstate, newstate;
	bool walk_done;
	u8 childmask;

	childmask = data->childmask;
	curstate.state = atomic_read(&group->migr_state);

	do {
		newstate = curstate;
		walk_done = true;

		if (newstate.migrator == TMIGR_NONE) {
			newstate.migrator = childmask;
			walk_done = false;
		}

		newstate.active |= childmask;
		/* no newstate.seq++ */
	} while (!atomic_try_cmpxchg(&group->migr_state, &curstate.state, newstate.state));

	trace_tmigr_group_set_cpu_active(group, newstate, childmask);

	WRITE_ONCE(group->groupevt.ignore, true);

	return walk_done;
}

static bool tmigr_inactive_up(struct tmigr_group *group,
			      struct tmigr_group *child,
			      struct tmigr_walk *data)
{
	union tmigr_state curstate, newstate, childstate;
	bool walk_done;
	u8 childmask;

	childmask = data->childmask;
	childstate.state = 0;

	curstate.state = atomic_read_acquire(&group->migr_state);

	for (;;) {
		if (child)
			childstate.state = atomic_read(&child->migr_state);

		newstate = curstate;
		walk_done = true;

		if (!childstate.active)
			newstate.active &= ~childmask;

		if (newstate.migrator == childmask) {
			if (!childstate.active) {
				unsigned long new_migr_bit, active = newstate.active;

				new_migr_bit = find_first_bit(&active, BIT_CNT);

				if (new_migr_bit != BIT_CNT) {
					newstate.migrator = BIT(new_migr_bit);
				} else {
					newstate.migrator = TMIGR_NONE;
					walk_done = false;
				}
			}
		}

		/* no newstate.seq++ */

		WARN_ON_ONCE((newstate.migrator != TMIGR_NONE) && !(newstate.active));

		if (atomic_try_cmpxchg(&group->migr_state, &curstate.state, newstate.state)) {
			trace_tmigr_group_set_cpu_inactive(group, newstate, childmask);
			break;
		}

		smp_mb__after_atomic();
	}

	data->remote = false;

	tmigr_update_events(group, child, data);

	return walk_done;
}
