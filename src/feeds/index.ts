// What other areas may use of calendar feeds: the record schemas and the routes (app.ts registers them).
export { calendarFeedsSchemas } from './schemas/calendar-feeds.ts';
export { calendarFeedsRoutes } from './routes/calendar-feeds.ts';
export { feedRoutes } from './routes/feed-ics.ts';
