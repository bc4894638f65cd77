/**
 * Which model functions (emitter keys) contain each WARN of the shipped variants. A C variant
 * that replaces every function containing a WARN, and whose C code does not contain it
 * again, no longer checks it.
 */
export const WARN_SITES: Readonly<Record<string, readonly string[]>> = {
  'WARN_ON_ONCE(group->level >= tmigr_hierarchy_levels)': ['__walk_groups_from'],
  'WARN_ON_ONCE(!data->childmask)': ['__walk_groups_from'],
  'WARN_ON_ONCE(!tmc->idle)': ['tmigr_cpu_activate'],
  'WARN_ON_ONCE((newstate.migrator != TMIGR_NONE) && !(newstate.active))': ['tmigr_inactive_up'],
  'WARN_ON_ONCE(tmc->idle)': ['tmigr_quick_check'],
  'WARN_ON_ONCE(activate)': ['tmigr_setup_groups'],
  'WARN_ON_ONCE(parent->num_children != 2)': ['tmigr_setup_groups', 'tmigr_connect_child_parent'],
  'WARN_ON_ONCE(i >= tmigr_hierarchy_levels)': ['tmigr_setup_groups'],
  'WARN_ON_ONCE(!state.active)': ['tmigr_setup_groups_activate'],
  'WARN_ON_ONCE(!start->parent)': ['tmigr_setup_groups_activate'],
  'WARN_ON_ONCE(group->parent)': ['tmigr_setup_groups'],
  'WARN_ON_ONCE(tmigr_root->level > top)': ['tmigr_setup_groups'],
  'WARN_ON_ONCE(cpu == raw_smp_processor_id())': ['tmigr_cpu_prepare'],
  'WARN_ON_ONCE(!per_cpu_ptr(&tmigr_cpu, raw_smp_processor_id())->available)': ['tmigr_cpu_prepare'],
  'WARN_ON_ONCE(data->firstexp != KTIME_MAX && group->parent)': ['tmigr_inactive_up'],
  'WARN_ON(!tmigr_active_up(parent, child, &data) && parent->parent)': ['tmigr_setup_groups_activate'],
};
