/**
 * Which locations a caller may see: null for every location of the organisation, otherwise the only
 * location ids a location-limited user may read or write. Every read of location-bound records takes one.
 */
export type LocationScope = string[] | null;
