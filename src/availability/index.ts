// What other areas may use of availability: the engine's search over a location, and the routes.
export { findAvailability, type AvailabilitySearch, type AvailabilityResult } from './queries/find-availability.ts';
export { requireSearchType, searchLocation, MAX_SEARCH_DAYS } from './queries/free-time.ts';
export { slotStepMinutes } from './domain/location-window.ts';
export { freeTimeSchemas } from './schemas/free-time.ts';
export { freeTimeRoutes } from './routes/free-time.ts';
export { locationAvailabilitySchemas } from './schemas/location-availability.ts';
export { locationAvailabilityPreflight, locationAvailabilityRoutes } from './routes/location-availability.ts';
