// What a schedule view's three presentation objects hold. Every field a card or a bubble can show is a
// field of the calendar's appointment (GET /schedule/calendar/daily), so a calendar can render any layout
// from the data it already has; the Tier 2 ones need that field in the calendar's `fields` parameter.

/** The appointment fields a card line or a bubble section may show, with where the calendar gives each. */
export const CARD_FIELD_SOURCES = {
  patient_name: 'patient.name',
  preferred_name: 'preferred_name (Tier 2)',
  chart_number: 'chart_number (Tier 2)',
  age: 'whole years from birth_date (Tier 2) to the appointment\'s date',
  mobile_phone: 'mobile_phone (Tier 2)',
  balance_due: 'balance_due (Tier 2)',
  time: 'start_time–end_time, as wall-clock times',
  appointment_type: 'appointment_type.name',
  provider: 'providers[].name, joined',
  operatory: 'operatory.name',
  note: 'note',
  confirmation_status: 'confirmation_status_label',
  flow_status: 'flow_status.name',
  tags: 'tags[].name, joined',
  production: 'production_amount (only when the view\'s show_production is true)',
} as const;
export type CardField = keyof typeof CARD_FIELD_SOURCES;
export const CARD_FIELDS = Object.keys(CARD_FIELD_SOURCES) as CardField[];

/** Badges drawn in the top corner of an appointment block, from the appointment's own fields. */
export const CARD_ICON_SOURCES = {
  new_patient: 'is_new_patient',
  note: 'a non-empty note',
  time_locked: 'is_time_locked',
  tags: 'one dot per tag in the tag\'s colour',
  confirmed: 'confirmation_status is set',
} as const;
export type CardIcon = keyof typeof CARD_ICON_SOURCES;
export const CARD_ICONS = Object.keys(CARD_ICON_SOURCES) as CardIcon[];

/** What picks an appointment block's colour: the colour of the record named (an appointment's color_override wins). */
export const COLOR_BY = ['appointment_type', 'provider', 'confirmation_status', 'flow_status'] as const;
export type ColorBy = (typeof COLOR_BY)[number];

/** An appointment block: `lines` top to bottom, each line's fields left to right; `icons` in the top corner. */
export interface CardLayout {
  lines: CardField[][];
  icons: CardIcon[];
}

/** The hover bubble of the weekly view: titled sections of fields, shown after `delay_ms`. */
export interface BubbleLayout {
  sections: { title: string; fields: CardField[] }[];
  delay_ms: number;
}

/** How blocks are coloured. */
export interface ColorConfig {
  color_by: ColorBy;
  /** When the record `color_by` names has no colour. */
  fallback_color: string;
  /** `auto`: black or white, whichever contrasts more with the block. */
  text_color: string;
  complete_color: string;
  broken_color: string;
  dim_past: boolean;
}

export interface Layouts {
  card_layout?: CardLayout | null;
  bubble_layout?: BubbleLayout | null;
  color_config?: ColorConfig | null;
}

/** A business-rule refusal of a layout, with the path of the offending value inside the body. */
export interface LayoutRefusal {
  loc: (string | number)[];
  msg: string;
}

function firstRepeat(fields: CardField[][], at: (i: number, j: number) => (string | number)[], what: string): LayoutRefusal | null {
  const seen = new Set<CardField>();
  for (const [i, row] of fields.entries()) {
    for (const [j, f] of row.entries()) {
      if (seen.has(f)) return { loc: at(i, j), msg: `'${f}' appears twice in the ${what}; show each field once` };
      seen.add(f);
    }
  }
  return null;
}

/**
 * The rules a layout's shape cannot say (the schema checks the shape): a field appears at most once on a
 * card and at most once in a bubble. Returns the first refusal, or null when the layouts are acceptable.
 */
export function checkLayouts(l: Layouts): LayoutRefusal | null {
  if (l.card_layout) {
    const refusal = firstRepeat(l.card_layout.lines, (i, j) => ['card_layout', 'lines', i, j], 'card');
    if (refusal) return refusal;
  }
  if (l.bubble_layout) {
    const fields = l.bubble_layout.sections.map((s) => s.fields);
    return firstRepeat(fields, (i, j) => ['bubble_layout', 'sections', i, 'fields', j], 'bubble');
  }
  return null;
}
