import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { Color, Nullable } from '../../core/http/schemas.ts';
import {
  CARD_FIELDS, CARD_FIELD_SOURCES, CARD_ICONS, CARD_ICON_SOURCES, COLOR_BY, type CardField, type CardIcon, type ColorBy,
} from '../domain/layouts.ts';
import { VIEW_PRESETS } from '../domain/presets.ts';

const listed = (sources: Record<string, string>) => Object.entries(sources).map(([k, v]) => `\`${k}\`: ${v}`).join('; ');

const CardFieldSchema = Type.Unsafe<CardField>({
  type: 'string', enum: [...CARD_FIELDS],
  description: `An appointment field, taken from the calendar's appointment as follows: ${listed(CARD_FIELD_SOURCES)}. `
    + 'With the view\'s privacy_mode on, patient fields are obscured; a Tier 2 field needs that key in the calendar\'s `fields`.',
});

const CardIconSchema = Type.Unsafe<CardIcon>({
  type: 'string', enum: [...CARD_ICONS], description: `A badge, shown when: ${listed(CARD_ICON_SOURCES)}`,
});

/** An appointment block's content; every property is required, so a stored layout is always complete. */
export const CardLayoutSchema = Type.Object({
  lines: Type.Array(Type.Array(CardFieldSchema, { minItems: 1, maxItems: 4 }), {
    minItems: 1, maxItems: 6,
    description: 'Lines of the block, top to bottom; each line\'s fields left to right. Lines that do not fit the block\'s height '
      + 'are dropped from the bottom. A field appears at most once on a card (422 otherwise).',
  }),
  icons: Type.Array(CardIconSchema, { uniqueItems: true, maxItems: CARD_ICONS.length, description: 'Badges in the block\'s top corner, in order' }),
}, { additionalProperties: false, description: 'What an appointment block shows' });

/** The weekly view's hover bubble. */
export const BubbleLayoutSchema = Type.Object({
  sections: Type.Array(Type.Object({
    title: Type.String({ minLength: 1, maxLength: 40 }),
    fields: Type.Array(CardFieldSchema, { minItems: 1, maxItems: 10 }),
  }, { additionalProperties: false }), {
    minItems: 1, maxItems: 6, description: 'Titled sections, top to bottom. A field appears at most once in a bubble (422 otherwise).',
  }),
  delay_ms: Type.Integer({ minimum: 0, maximum: 2000, description: 'Hover time before the bubble opens, in milliseconds' }),
}, { additionalProperties: false, description: 'What the appointment bubble shows (weekly view, when bubble_enabled)' });

/** How appointment blocks are coloured. */
export const ColorConfigSchema = Type.Object({
  color_by: Type.Unsafe<ColorBy>({
    type: 'string', enum: [...COLOR_BY],
    description: 'Whose colour fills a block: its appointment type\'s, its first provider\'s, its confirmation status definition\'s '
      + 'or its flow status\'s. An appointment\'s own color_override always wins.',
  }),
  fallback_color: Type.String({ ...Color, description: 'When the record chosen by color_by is missing or has no colour' }),
  text_color: Type.String({ pattern: '^(auto|#[0-9A-Fa-f]{6})$', description: '`auto` (black or white, whichever contrasts more) or #RRGGBB' }),
  complete_color: Type.String({ ...Color, description: 'Fill of complete appointments, whatever color_by says' }),
  broken_color: Type.String({ ...Color, description: 'Fill of broken (missed) appointments, when show_missed_appointments' }),
  dim_past: Type.Boolean({ description: 'Draw appointments that have ended faded' }),
}, { additionalProperties: false, description: 'Colour scheme of appointment blocks' });

export const CardLayoutOrNull = Nullable(CardLayoutSchema);
export const BubbleLayoutOrNull = Nullable(BubbleLayoutSchema);
export const ColorConfigOrNull = Nullable(ColorConfigSchema);

export const ViewTemplateSchema = Type.Object({
  key: Type.String({ description: 'Stable identifier of the preset' }),
  name: Type.String(),
  description: Type.String(),
  card_layout: CardLayoutSchema,
  bubble_layout: BubbleLayoutSchema,
  color_config: ColorConfigSchema,
}, { $id: 'ScheduleViewTemplate', description: 'A preset: copy its card_layout, bubble_layout and color_config into a view' });
export type ViewTemplate = Static<typeof ViewTemplateSchema>;

export const ViewTemplateList = Type.Object({
  templates: Type.Array(Type.Ref(ViewTemplateSchema), { minItems: 6, maxItems: 6, description: 'The 6 presets, in display order' }),
});

/** The presets in their API shape (they are already exactly that: pure data checked by the schema's type). */
export function viewTemplatesJson(): { templates: ViewTemplate[] } {
  return { templates: VIEW_PRESETS.map((p) => ({ ...p })) };
}

/** Schemas of view layouts referenced by `$ref`; registered once in app.ts. */
export const viewLayoutSchemas: TSchema[] = [ViewTemplateSchema];
