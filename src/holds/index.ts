// What other areas may use of holds: making one (slot locks take a hold), and the routes.
export { createHold, type CreateHoldInput } from './commands/create-hold.ts';
export { deleteHold, deleteSlotHolds, getHold, type HoldRow } from './db/holds.ts';
export { holdsSchemas } from './schemas/holds.ts';
export { holdsRoutes } from './routes/holds.ts';
