// What other areas may use of slots: making blocks and slots (the demo), its routes and record schemas (booking
// into a slot lives in appointments).
export { createBookingBlock } from './commands/booking-blocks.ts';
export { createSlot } from './commands/slots.ts';
export { bookingBlocksSchemas } from './schemas/booking-blocks.ts';
export { slotsSchemas } from './schemas/slots.ts';
export { bookingBlocksRoutes } from './routes/booking-blocks.ts';
export { slotsRoutes } from './routes/slots.ts';
export { slotActionsRoutes } from './routes/slot-actions.ts';
