// tmigr-check: base v7.1-rc1, name hotplug-c
// CPU hotplug ONLINE and OFFLINE of v7.1-rc1 in C, with the kernel's guards. The cpumask of
// available CPUs and the work_on_cpu() kick of an idle hierarchy are not modelled.

static int tmigr_set_cpu_available(unsigned int cpu)
{
	struct tmigr_cpu *tmc = this_cpu_ptr(&tmigr_cpu);

	guard(mutex)(&tmigr_available_mutex);

	scoped_guard(raw_spinlock_irq, &tmc->lock) {
		if (tmc->available)
			return 0;
		/* timer_base_is_idle() is false: the CPU is coming up */
		tmc->idle = false;
		__tmigr_cpu_activate(tmc);
		tmc->available = true;
	}
	return 0;
}

static int tmigr_clear_cpu_available(unsigned int cpu)
{
	struct tmigr_cpu *tmc = this_cpu_ptr(&tmigr_cpu);
	u64 firstexp;

	guard(mutex)(&tmigr_available_mutex);

	scoped_guard(raw_spinlock_irq, &tmc->lock) {
		if (!tmc->available)
			return 0;

		tmc->available = false;
		WRITE_ONCE(tmc->wakeup, KTIME_MAX);

		/* The CPU handles its local events itself on its way offline. */
		firstexp = __tmigr_cpu_deactivate(tmc, KTIME_MAX);
		trace_tmigr_cpu_unavailable(tmc);
	}

	return 0;
}
