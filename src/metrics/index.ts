// What other areas may use of metrics: the /metrics route with its hooks (app.ts installs it), the booking
// counter's appointment listener, and provideGauge for a gauge another area owns (the webhook backlog).
export { metricsRoutes } from './routes/metrics.ts';
export { countBookings } from './commands/count-bookings.ts';
export { provideGauge, type ProvidedGauge } from './queries/provided-gauges.ts';
