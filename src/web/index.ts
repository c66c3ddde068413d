// What the rest of chairtime uses of the front desk page: its static routes, the demo offer, the live
// event stream and the appointment listener that feeds it.
export { pageRoutes } from './routes/page.ts';
export { PAGE_DIR } from './domain/page-files.ts';
export { demoCredentialsRoutes, offerDemoOnPage } from './routes/demo-credentials.ts';
export { eventsRoutes } from './routes/events.ts';
export { announceAppointmentChange } from './commands/announce-appointment-change.ts';
export { APPOINTMENT_CHANNEL, type AppointmentChangeNotice } from './db/appointment-changes.ts';
export { ensurePageBuilt } from './commands/build-page.ts';
export { isPageRoute, PAGE_API_ROUTES } from './domain/page-api-routes.ts';
