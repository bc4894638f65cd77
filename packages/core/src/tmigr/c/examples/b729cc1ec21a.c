// tmigr-check: base v7.1-rc1, name b729cc1ec21a-c
// tmigr-check: setup preinitNewTop=false, setup connectOrder=parent-then-groupmask, setup parentStore=once
// tmigr-check: remove-warn WARN_ON_ONCE(!data->childmask)
// tmigr-check: remove-warn WARN_ON_ONCE(activate)
// tmigr-check: remove-warn WARN_ON_ONCE(parent->num_children != 2)
// Before b729cc1ec21a ("timers/migration: Fix another race between hotplug and idle
// entry/exit", v6.13): a new top level's groupmask is not pre-initialised (setup rules above)
// and the connection stores child->parent before child->groupmask, plainly, under the group
// locks that a walker never takes.

static void tmigr_connect_child_parent(struct tmigr_group *child,
				       struct tmigr_group *parent,
				       bool activate)
{
	raw_spin_lock_irq(&child->lock);
	raw_spin_lock_nested(&parent->lock, SINGLE_DEPTH_NESTING);

	child->parent = parent;
	child->groupmask = BIT(parent->num_children++);

	raw_spin_unlock(&parent->lock);
	raw_spin_unlock_irq(&child->lock);
}
