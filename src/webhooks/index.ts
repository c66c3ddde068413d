// What other areas may use of webhooks: the outbox writes a change makes in its own transaction (recordEvent,
// recordEvents: blockouts, recalls and the ASAP list call them), the event types, the appointment listener and the
// delivery worker (app.ts and server.ts start them), the record schemas and the routes.
export { recordEvent, recordEvents, publishAppointmentChange } from './commands/record-event.ts';
export { startWebhookWorker, type WebhookWorker, type WebhookWorkerOptions } from './commands/deliver-webhooks.ts';
export { pruneWebhookEvents, webhookRetentionDays } from './commands/prune-webhook-events.ts';
export { EVENT_TYPES, type EventType } from './domain/event-types.ts';
export { webhookEndpointsSchemas } from './schemas/webhook-endpoints.ts';
export { webhookDeliveriesSchemas } from './schemas/webhook-deliveries.ts';
export { webhookEndpointsRoutes } from './routes/webhook-endpoints.ts';
export { webhookDeliveriesRoutes } from './routes/webhook-deliveries.ts';
export { countPendingDeliveries } from './db/webhook-deliveries.ts';
