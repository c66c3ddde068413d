// What other areas may use of the schedule views: a view resolved for the calendar and the rules applying
// it to a day (the calendar passes its day in), and the routes.
export { loadCalendarView } from './queries/calendar-view.ts';
export { applyViewToDay, type CalendarView } from './domain/calendar-filter.ts';
export { scheduleViewsSchemas } from './schemas/schedule-views.ts';
export { viewLayoutSchemas } from './schemas/view-layouts.ts';
export { scheduleViewsRoutes } from './routes/schedule-views.ts';
export { viewSettingsRoutes } from './routes/view-settings.ts';
export { createScheduleView } from './commands/schedule-views.ts';
export { VIEW_PRESETS } from './domain/presets.ts';
