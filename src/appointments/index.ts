// What other areas may use of appointments: the full appointment row and its API shape, statuses,
// production amounts, appointment types, booking (into slots too) and status commands, and the routes.
export { appointmentSelect, getAppointment, type AppointmentRow } from './db/appointments.ts';
export { CHAIR_OCCUPYING_SQL, PRODUCTION_STATUSES_SQL, productionAmountSql } from './db/sql-fragments.ts';
export { findAppointmentTypeIds, getAppointmentType, type AppointmentTypeWithLinks } from './db/appointment-types.ts';
export { providerIntervals, rulesAllowOverlap } from './domain/conflicts.ts';
export { CHAIR_OCCUPYING, type AppointmentStatus } from './domain/status.ts';
export { formatCents, summarizeProduction } from './domain/production.ts';
export { AppointmentSchema, CreateAppointmentBody, toAppointmentJson, appointmentsSchemas } from './schemas/appointments.ts';
export { appointmentLifecycleSchemas } from './schemas/appointment-lifecycle.ts';
export { appointmentDetailsSchemas } from './schemas/appointment-details.ts';
export { appointmentQueriesSchemas } from './schemas/appointment-queries.ts';
export { appointmentTypesSchemas } from './schemas/appointment-types.ts';
export { createAppointment, bookIntoSlot, type Actor } from './commands/book-appointment.ts';
export { pickFreePlace, requireSlotPlace, type FreePlace, type SlotBookingInput } from './commands/book-into-slot.ts';
export type { SlotPlace } from './db/slot-bookings.ts';
export { lockSlot } from './commands/appointment-slot.ts';
export { findConflicts } from './queries/find-conflicts.ts';
export { requireAppointmentType, requireLocation, requireOperatoryAt, requireProviders } from './queries/references.ts';
export { resolveSlot, slotConflict, slotOnWallClock, type Booking, type Slot } from './domain/slot.ts';
export { breakAppointment, cancelAppointment, transitionAppointment } from './commands/change-appointment-status.ts';
export { createAppointmentType } from './commands/appointment-types.ts';
export { appointmentsRoutes } from './routes/appointments.ts';
export { appointmentLifecycleRoutes } from './routes/appointment-lifecycle.ts';
export { appointmentDetailsRoutes } from './routes/appointment-details.ts';
export { appointmentQueriesRoutes } from './routes/appointment-queries.ts';
export { appointmentTypesRoutes } from './routes/appointment-types.ts';
export { onAppointmentChange, type AppointmentChange, type AppointmentListener } from './commands/appointment-events.ts';
