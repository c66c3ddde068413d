// What other areas may use of services: making services and time slots (the demo), the record schemas and the
// plugin holding its routes.
export { createService } from './commands/services.ts';
export { saveTimeSlots } from './commands/time-slots.ts';
export { servicesSchemas } from './schemas/services.ts';
export { timeSlotsSchemas } from './schemas/time-slots.ts';
export { serviceBookingsSchemas } from './schemas/service-bookings.ts';
export { servicesPlugin } from './routes/plugin.ts';
