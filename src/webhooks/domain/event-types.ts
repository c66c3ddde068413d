/** The appointment events an endpoint may subscribe to. */
export const APPOINTMENT_EVENT_TYPES = [
  'appointment.created', 'appointment.updated', 'appointment.moved', 'appointment.status_changed', 'appointment.deleted',
] as const;

/** Every event type an endpoint may subscribe to; other areas' types join this list when they record events. */
export const EVENT_TYPES = [...APPOINTMENT_EVENT_TYPES] as const;
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
