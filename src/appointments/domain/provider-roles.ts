/** The roles a provider can have on an appointment; the first provider of an appointment is its primary one. */
export const PROVIDER_ROLES = ['primary', 'secondary', 'hygienist', 'assistant'] as const;
export type ProviderRole = (typeof PROVIDER_ROLES)[number];
