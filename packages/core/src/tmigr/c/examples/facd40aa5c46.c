// tmigr-check: base bd3c45dd01, name facd40aa5c46-c
// Before facd40aa5c46 ("timers/migration: Do not rely always on group->parent", v6.11-rc1):
// tmigr_inactive_up() reads group->parent again after tmigr_update_events() decided "top
// level" on its own read, and WARNs when firstexp was set on a group that just got a parent.

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

		newstate.seq++;

		WARN_ON_ONCE((newstate.migrator != TMIGR_NONE) && !(newstate.active));

		if (atomic_try_cmpxchg(&group->migr_state, &curstate.state, newstate.state)) {
			trace_tmigr_group_set_cpu_inactive(group, newstate, childmask);
			break;
		}

		smp_mb__after_atomic();
	}

	data->remote = false;

	tmigr_update_events(group, child, data);

	/* Before facd40aa5c46: group->parent is read again here. */
	WARN_ON_ONCE(data->firstexp != KTIME_MAX && group->parent);

	return walk_done;
}
