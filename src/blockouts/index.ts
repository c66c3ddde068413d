// What other areas may use of blockouts: the active blockouts of days, their API shape, and the routes.
export { listActiveBlockoutsOn } from './db/blockouts.ts';
export { BlockoutSchema, toBlockoutJson, blockoutsSchemas } from './schemas/blockouts.ts';
export { blockoutTypesSchemas } from './schemas/blockout-types.ts';
export { blockTemplatesSchemas } from './schemas/block-templates.ts';
export { createBlockoutType } from './commands/blockout-types.ts';
export { createBlockouts } from './commands/create-blockouts.ts';
export { repeatBlockoutWeeks } from './commands/copy-blockouts.ts';
export { blockoutTypesRoutes } from './routes/blockout-types.ts';
export { blockoutsRoutes } from './routes/blockouts.ts';
export { blockTemplatesRoutes } from './routes/block-templates.ts';
