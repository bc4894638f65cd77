// Changing one line of a long function with the emitter API: tmigr_update_events() without
// its WRITE_ONCE(evt->ignore, ignore) on the child's group event. The body below is
// emitTmigrUpdateEvents() copied from packages/core/src/tmigr/emit/events.ts (the
// statesBeforeLocks option removed) with that one line commented out; the helpers it calls
// come from the package's `emit` namespace and its expressions from `ctx.E`.
//
//   pnpm --silent tmigr-check check --scenario new-timer --variant apps/docs/examples/update-events-one-line.mjs
import { defineVariant, emit } from '@tmigr-check/core';

const { emitFirstQueued, emitSetEvtCpu } = emit;

export default defineVariant({
  name: 'update-events-no-ignore-store',
  base: 'v7.1-rc1',
  description: "tmigr_update_events() does not write the child's groupevt.ignore",
  overrides: {
    tmigr_update_events(ctx, w) {
      const {
        c,
        reg,
        anyQueued,
        eq,
        ite,
        KMAX,
        lor,
        lt,
        NONE,
        ne,
        slotDel,
        slotExpiry,
        slotQueued,
        slotSet,
        stActive,
        stMigrator,
      } = ctx.E;
      const t = ctx.t;
      const fn = 'tmigr_update_events';
      const g = reg(w.group);
      const ch = reg(w.child);
      const childstate = ctx.reg(`${fn}.childstate`);
      const groupstate = ctx.reg(`${fn}.groupstate`);
      const done = ctx.reg(`${fn}.walk_done`);
      const nextexp = ctx.reg(`${fn}.nextexp`);
      const ignore = ctx.reg(`${fn}.ignore`);
      const evtSlot = ctx.reg(`${fn}.evt_slot`);
      const firstCpu = ctx.reg(`${fn}.first_cpu`);
      const cq = ctx.reg(`${fn}.child_events`);
      const cq0 = ctx.reg(`${fn}.child_events0`);
      const firstSlot = ctx.reg(`${fn}.first_childevt`);
      const q = ctx.reg(`${fn}.events`);
      const q0 = ctx.reg(`${fn}.events0`);
      const parent = ctx.reg(`${fn}.parent`);
      const fslot = ctx.reg(`${fn}.first`);
      const leafPath = t.label();
      const queueIt = t.label();
      const unlock = t.label();
      const checkTop = t.label();
      const ret = t.label();

      ctx.at(fn, 'bool walk_done = false');
      t.set(done, c(0)).set(cq, c(0)).set(cq0, c(0));
      t.branch(eq(ch, c(0)), leafPath);
      // --- if (child) ---
      ctx.at(fn, 'raw_spin_lock(&child->lock)');
      t.lock(ctx.groupField(ch, 'lock'));
      ctx.at(fn, 'raw_spin_lock_nested(&group->lock, SINGLE_DEPTH_NESTING)');
      t.lock(ctx.groupField(g, 'lock'));
      ctx.at(fn, 'childstate.state = atomic_read(&child->migr_state)');
      t.load(childstate, ctx.groupField(ch, 'migr_state'), 'once');
      ctx.at(fn, 'groupstate.state = atomic_read(&group->migr_state)');
      t.load(groupstate, ctx.groupField(g, 'migr_state'), 'once');
      ctx.at(fn, 'if (childstate.active) { walk_done = true; goto unlock; }');
      t.set(done, ne(stActive(reg(childstate)), c(0)));
      t.set(q, c(0)).set(q0, c(0));
      t.branch(ne(reg(done), c(0)), unlock);
      ctx.at(fn, 'first_childevt = tmigr_next_groupevt(child)  /* child->events, plain under child->lock */');
      t.load(cq, ctx.groupField(ch, 'events'), 'once');
      t.set(cq0, reg(cq));
      ctx.fn.tmigr_next_groupevt(ctx, w.child, cq, firstSlot);
      ctx.at(fn, 'nextexp = child->next_expiry  /* the value tmigr_next_groupevt() just wrote */');
      t.set(nextexp, ite(lt(reg(firstSlot), c(0)), KMAX, slotExpiry(reg(cq), reg(firstSlot))));
      ctx.at(
        fn,
        'ignore = (nextexp == KTIME_MAX); WRITE_ONCE(evt->ignore, ignore)  /* evt = &child->groupevt */',
      );
      t.set(ignore, eq(reg(nextexp), KMAX));
      // ONE LINE CHANGED: the child's groupevt.ignore is not written any more.
      // t.store(ctx.groupField(ch, 'groupevt_ignore'), reg(ignore), 'once');
      t.set(evtSlot, ctx.slotInParent(ch));
      // first_childevt->cpu (only used when the event is queued, i.e. when first_childevt exists)
      const fcDone = t.label();
      const fcGroup = t.label();
      t.set(firstCpu, c(-1));
      t.branch(lt(reg(firstSlot), c(0)), fcDone);
      t.branch(ne(ctx.levelOf(ch), c(0)), fcGroup);
      ctx.at(fn, 'first_childevt->cpu  /* a CPU event: the CPU */');
      t.set(firstCpu, ctx.slotCpu(ch, reg(firstSlot)));
      t.jump(fcDone);
      t.place(fcGroup);
      ctx.at(fn, 'first_childevt->cpu  /* plain under child->lock */');
      t.load(firstCpu, ctx.slotGroupevtCpuAddr(ch, reg(firstSlot)), 'once');
      t.place(fcDone);
      t.jump(queueIt);
      // --- else (level 0: the CPU's own event) ---
      t.place(leafPath);
      ctx.at(fn, 'nextexp = data->nextexp; first_childevt = evt = data->evt; ignore = evt->ignore');
      t.set(nextexp, reg(w.nextexp))
        .set(firstCpu, reg(w.evtcpu))
        .set(evtSlot, ctx.cpuSlot(reg(w.evtcpu)));
      t.load(ignore, ctx.cpuField(reg(w.evtcpu), 'cpuevt_ignore'), 'once');
      const slow = t.label();
      ctx.at(fn, 'if (ignore && !remote && group->parent) return true');
      t.branch(lor(eq(reg(ignore), c(0)), ne(reg(w.remote), c(0))), slow);
      t.load(parent, ctx.groupField(g, 'parent'), 'once');
      t.set(done, c(1));
      t.branch(ne(reg(parent), c(0)), ret);
      t.set(done, c(0));
      t.place(slow);
      ctx.at(fn, 'raw_spin_lock(&group->lock)');
      t.lock(ctx.groupField(g, 'lock'));
      ctx.at(fn, 'childstate.state = 0; groupstate.state = atomic_read(&group->migr_state)');
      t.set(childstate, c(0));
      t.load(groupstate, ctx.groupField(g, 'migr_state'), 'once');
      // --- common part ---
      t.place(queueIt);
      ctx.at(fn, 'if (timerqueue_node_queued(&evt->nextevt))  /* group->events, plain under group->lock */');
      t.load(q, ctx.groupField(g, 'events'), 'once');
      t.set(q0, reg(q));
      const notQueued = t.label();
      t.branch(eq(slotQueued(reg(q), reg(evtSlot)), c(0)), notQueued);
      const mustDel = t.label();
      ctx.at(
        fn,
        'if ((evt->nextevt.expires == nextexp) && !ignore) { evt->cpu = first_childevt->cpu; goto check_toplvl; }',
      );
      t.branch(lor(ne(slotExpiry(reg(q), reg(evtSlot)), reg(nextexp)), ne(reg(ignore), c(0))), mustDel);
      emitSetEvtCpu(ctx, w, firstCpu);
      t.jump(checkTop);
      t.place(mustDel);
      ctx.at(
        fn,
        'if (!timerqueue_del(&group->events, &evt->nextevt)) WRITE_ONCE(group->next_expiry, KTIME_MAX)',
      );
      t.set(q, slotDel(reg(q), reg(evtSlot)));
      const stillQueued = t.label();
      t.branch(anyQueued(reg(q), ctx.layout.childrenPerGroup), stillQueued);
      t.store(ctx.groupField(g, 'next_expiry'), KMAX, 'once');
      t.place(stillQueued);
      t.place(notQueued);
      const enqueue = t.label();
      ctx.at(fn, 'if (ignore) { if (!remote || groupstate.active) walk_done = true; }');
      t.branch(eq(reg(ignore), c(0)), enqueue);
      t.set(done, lor(eq(reg(w.remote), c(0)), ne(stActive(reg(groupstate)), c(0))));
      t.jump(checkTop);
      t.place(enqueue);
      ctx.at(fn, 'evt->nextevt.expires = nextexp; evt->cpu = first_childevt->cpu');
      emitSetEvtCpu(ctx, w, firstCpu);
      // timerqueue_add() returns true when the new event is the leftmost (strictly earliest).
      emitFirstQueued(ctx, q, fslot);
      const isFirst = lor(lt(reg(fslot), c(0)), lt(reg(nextexp), slotExpiry(reg(q), reg(fslot))));
      const notFirst = t.label();
      t.set(fslot, isFirst);
      t.set(q, slotSet(reg(q), reg(evtSlot), c(1), reg(nextexp)));
      ctx.at(
        fn,
        'if (timerqueue_add(&group->events, &evt->nextevt)) WRITE_ONCE(group->next_expiry, nextexp)',
      );
      t.branch(eq(reg(fslot), c(0)), notFirst);
      t.store(ctx.groupField(g, 'next_expiry'), reg(nextexp), 'once');
      t.place(notFirst);
      // --- check_toplvl ---
      t.place(checkTop);
      ctx.at(fn, 'if (!group->parent && (groupstate.migrator == TMIGR_NONE))');
      t.load(parent, ctx.groupField(g, 'parent'), 'once');
      t.branch(lor(ne(reg(parent), c(0)), ne(stMigrator(reg(groupstate)), NONE)), unlock);
      t.set(done, c(1));
      ctx.at(fn, 'if (remote) goto unlock');
      t.branch(ne(reg(w.remote), c(0)), unlock);
      ctx.at(fn, 'data->firstexp = tmigr_next_groupevt_expires(group)');
      ctx.fn.tmigr_next_groupevt(ctx, w.group, q, fslot);
      t.set(w.firstexp, ite(lt(reg(fslot), c(0)), KMAX, slotExpiry(reg(q), reg(fslot))));
      // --- unlock ---
      t.place(unlock);
      const noStore = t.label();
      ctx.at(fn, 'group->events  /* written back before the unlock */');
      t.branch(eq(reg(q), reg(q0)), noStore);
      t.store(ctx.groupField(g, 'events'), reg(q), 'once');
      t.place(noStore);
      ctx.at(fn, 'raw_spin_unlock(&group->lock)');
      t.unlock(ctx.groupField(g, 'lock'));
      const noChild = t.label();
      t.branch(eq(ch, c(0)), noChild);
      const noCStore = t.label();
      ctx.at(fn, 'child->events  /* written back before the unlock */');
      t.branch(eq(reg(cq), reg(cq0)), noCStore);
      t.store(ctx.groupField(ch, 'events'), reg(cq), 'once');
      t.place(noCStore);
      ctx.at(fn, 'if (child) raw_spin_unlock(&child->lock)');
      t.unlock(ctx.groupField(ch, 'lock'));
      t.place(noChild);
      t.place(ret);
      ctx.at(fn, 'return walk_done');
      t.set(w.ret, reg(done));
      ctx.kill([
        childstate,
        groupstate,
        done,
        nextexp,
        ignore,
        evtSlot,
        firstCpu,
        cq,
        cq0,
        firstSlot,
        q,
        q0,
        parent,
        fslot,
      ]);
    },
  },
});
