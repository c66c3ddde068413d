/** The appointment events an endpoint may subscribe to. */
export const APPOINTMENT_EVENT_TYPES = [
  'appointment.created', 'appointment.updated', 'appointment.moved', 'appointment.status_changed', 'appointment.deleted',
] as const;

/**
 * Blockout events: created (one per blockout made by create, a copy, a repeat or a template apply), updated (a change,
 * one per blockout of a group change; a blockout a repeat joins to a recurrence group), deleted (blockouts are hard-deleted).
 */
export const BLOCKOUT_EVENT_TYPES = ['blockout.created', 'blockout.updated', 'blockout.deleted'] as const;

/**
 * Patient recall events: created and updated, by the API or by a completed visit. Recalls are never deleted (a patient
 * or recall type that has them is archived instead), so there is no `recall.deleted`.
 */
export const RECALL_EVENT_TYPES = ['recall.created', 'recall.updated'] as const;

/**
 * ASAP list events: created (the API, or a break or cancel with add_to_asap) and updated (every later change, status
 * changes included: contacted, scheduled, back to waiting, removed …). DELETE only sets status `removed` and nothing
 * hard-deletes an entry, so there is no `asap_entry.deleted`.
 */
export const ASAP_ENTRY_EVENT_TYPES = ['asap_entry.created', 'asap_entry.updated'] as const;

/** Every event type an endpoint may subscribe to. */
export const EVENT_TYPES = [...APPOINTMENT_EVENT_TYPES, ...BLOCKOUT_EVENT_TYPES, ...RECALL_EVENT_TYPES, ...ASAP_ENTRY_EVENT_TYPES] as const;
export type EventType = (typeof EVENT_TYPES)[number];

// History actions (appointments' recordChange) that are not `<type>` themselves.
const ACTION_TYPES: Record<string, EventType> = {
  created: 'appointment.created',
  moved: 'appointment.moved',
  placed: 'appointment.moved',
  pinboarded: 'appointment.moved',
  status_changed: 'appointment.status_changed',
  broken: 'appointment.status_changed',
  cancelled: 'appointment.status_changed',
  deleted: 'appointment.deleted',
};

/**
 * The event type of an appointment history action: placing on and taking off the schedule are moves,
 * breaking and cancelling are status changes, and every other action (updated, providers_replaced,
 * procedure_added, confirmation_changed, flow_status_set …, and any action added later) is an update.
 */
export function appointmentEventType(action: string): EventType {
  return ACTION_TYPES[action] ?? 'appointment.updated';
}
