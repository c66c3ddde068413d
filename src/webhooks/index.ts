// What other areas may use of webhooks: the outbox write any change can call in its transaction
// (recordEvent), the appointment listener and the delivery worker (app.ts and server.ts start them), the
// record schemas and the routes.
export { recordEvent, publishAppointmentChange } from './commands/record-event.ts';
export { startWebhookWorker, type WebhookWorker, type WebhookWorkerOptions } from './commands/deliver-webhooks.ts';
export { EVENT_TYPES, type EventType } from './domain/event-types.ts';
export { webhookEndpointsSchemas } from './schemas/webhook-endpoints.ts';
export { webhookDeliveriesSchemas } from './schemas/webhook-deliveries.ts';
export { webhookEndpointsRoutes } from './routes/webhook-endpoints.ts';
export { webhookDeliveriesRoutes } from './routes/webhook-deliveries.ts';
export { countPendingDeliveries } from './db/webhook-deliveries.ts';
