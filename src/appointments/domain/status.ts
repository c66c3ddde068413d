/** Appointment lifecycle statuses (the contract's seven). */
export const STATUSES = ['planned', 'scheduled', 'complete', 'broken', 'cancelled', 'unscheduled', 'pinboard'] as const;
export type AppointmentStatus = (typeof STATUSES)[number];

/** The operation that changes a status: the generic transition endpoint or a dedicated one. */
export type Via = 'transition' | 'move' | 'place' | 'break' | 'cancel' | 'pinboard';

/**
 * The state machine, as one table: from → to → the operations allowed to make that change. A move
 * keeps a scheduled appointment scheduled (reschedule) and brings broken or unscheduled ones back;
 * a pinboard appointment returns only through place; complete and cancelled are final.
 */
export const TRANSITIONS: Readonly<Record<AppointmentStatus, Partial<Record<AppointmentStatus, readonly Via[]>>>> = {
  planned: { scheduled: ['transition', 'move'], unscheduled: ['transition'], cancelled: ['transition', 'cancel'] },
  scheduled: {
    scheduled: ['move'], complete: ['transition'], broken: ['transition', 'break'], cancelled: ['transition', 'cancel'],
    unscheduled: ['transition'], pinboard: ['transition', 'pinboard'],
  },
  pinboard: { scheduled: ['place'], cancelled: ['transition', 'cancel'] },
  broken: { scheduled: ['move'], cancelled: ['transition', 'cancel'] },
  unscheduled: { scheduled: ['move'], pinboard: ['transition', 'pinboard'], cancelled: ['transition', 'cancel'] },
  complete: {},
  cancelled: {},
};

/** Statuses whose appointment occupies its chair (and its providers' time). */
export const CHAIR_OCCUPYING: readonly AppointmentStatus[] = ['scheduled', 'complete'];

/** True when `via` may take an appointment from `from` to `to`. */
export function canTransition(from: AppointmentStatus, to: AppointmentStatus, via: Via): boolean {
  return TRANSITIONS[from][to]?.includes(via) ?? false;
}

/** Human-readable reason a transition is refused, naming what is allowed instead. */
export function transitionRefusal(from: AppointmentStatus, to: AppointmentStatus, via: Via): string {
  const allowed = Object.entries(TRANSITIONS[from]).filter(([, vias]) => vias.includes(via)).map(([s]) => s);
  const how = via === 'transition' ? 'transition' : via;
  return allowed.length
    ? `Cannot ${how} an appointment from ${from} to ${to}; from ${from} it can go to: ${allowed.join(', ')}`
    : `Cannot ${how} an appointment that is ${from}`;
}

/** The status a new appointment gets when the client names none: scheduled when it has a slot. */
export function initialStatus(hasSlot: boolean): AppointmentStatus {
  return hasSlot ? 'scheduled' : 'unscheduled';
}
