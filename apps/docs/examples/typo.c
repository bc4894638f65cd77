// tmigr-check: base bd3c45dd01, name typo
// A variant with a mistake, to show how errors are reported.

static void tmigr_setup_groups_activate(struct tmigr_group *start)
{
	union tmigr_state state;

	state.state = atomic_read(&start->migr_state);
	if (state.active)
		WRITE_ONCE(start->next_expiry, start->nextexp);
}
