/** Definition categories the contract references (confirmation statuses, reasons, tags, ASAP priorities). */
export const DEFINITION_CATEGORIES = ['ApptConfirmed', 'BrokenReason', 'CancelReason', 'ApptTag', 'AsapPriority'] as const;
export type DefinitionCategory = (typeof DEFINITION_CATEGORIES)[number];

export interface DefaultDefinition {
  category: DefinitionCategory;
  name: string;
  color: string | null;
}

/** Definitions every new organisation starts with, in display order within each category. */
export const DEFAULT_DEFINITIONS: readonly DefaultDefinition[] = [
  { category: 'ApptConfirmed', name: 'Unconfirmed', color: '#9E9E9E' },
  { category: 'ApptConfirmed', name: 'Not Called', color: '#FFB300' },
  { category: 'ApptConfirmed', name: 'Left Message', color: '#42A5F5' },
  { category: 'ApptConfirmed', name: 'Confirmed', color: '#43A047' },
  { category: 'BrokenReason', name: 'No Show', color: null },
  { category: 'BrokenReason', name: 'Late', color: null },
  { category: 'CancelReason', name: 'Patient Request', color: null },
  { category: 'CancelReason', name: 'Practice Closed', color: null },
  { category: 'ApptTag', name: 'New Patient', color: '#7E57C2' },
  { category: 'ApptTag', name: 'Emergency', color: '#E53935' },
  { category: 'AsapPriority', name: 'Normal', color: null },
  { category: 'AsapPriority', name: 'High', color: '#E53935' },
];

/** Patient flow statuses every new organisation starts with, in flow order. */
export const DEFAULT_FLOW_STATUSES: readonly { name: string; color: string }[] = [
  { name: 'Arrived', color: '#42A5F5' },
  { name: 'Seated', color: '#7E57C2' },
  { name: 'In Chair', color: '#26A69A' },
  { name: 'Ready for Checkout', color: '#FFB300' },
  { name: 'Checked Out', color: '#9E9E9E' },
];

/**
 * URL-safe slug of a display name: lower-case ASCII letters and digits joined by single hyphens
 * ("Ready for Checkout" → "ready-for-checkout"); accents are dropped. Empty when nothing is left.
 */
export function slugify(name: string): string {
  return name.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase()
    .replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
}
