import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { BaseVersion, Body, Name, Nullable, PageOf, PageQuery, Ref, Stamps, Uuid, WallTime } from '../../core/http/schemas.ts';
import type { ScheduleViewRow } from '../db/schedule-views.ts';
import { FONT_SIZES, TIME_INCREMENTS, VIEW_DEFAULTS, VIEW_TYPES, VISIBILITIES } from '../domain/view-rules.ts';
import { BubbleLayoutOrNull, CardLayoutOrNull, ColorConfigOrNull } from './view-layouts.ts';

const oneOf = <T extends string | number>(values: readonly T[], description: string) =>
  Type.Unsafe<T>({ type: typeof values[0] === 'number' ? 'integer' : 'string', enum: [...values], description });

const d = VIEW_DEFAULTS;
const Visibility = oneOf(VISIBILITIES, `\`personal\`: only its owner sees it; \`shared\`: everyone at the location sees it, and only its owner and admins change it (viewers keep personal views only → 403). Default ${d.visibility}.`);
const ViewType = oneOf(VIEW_TYPES, `View mode — one of: daily, weekly. Default ${d.view_type}.`);
const FontSize = oneOf(FONT_SIZES, `Base font size for appointment blocks — one of: xs, sm, md, lg. Default ${d.font_size}.`);
const TimeIncrement = oneOf(TIME_INCREMENTS, `Time slot increment in minutes: 5, 10, 15, 20, 30 or 60. Default ${d.time_increment}.`);
const StartTime = Type.String({ ...WallTime, description: `Earliest local time shown, HH:MM:SS (HH:MM accepted); before end_time (422 otherwise). Default ${d.start_time}.` });
const EndTime = Type.String({ ...WallTime, description: `Latest local time shown (exclusive), after start_time: a view's hours lie within one day. Default ${d.end_time}.` });
const MinWidth = Type.Integer({ minimum: 0, maximum: 2000, description: `Minimum operatory column width in pixels, 0–2000; 0 means no minimum (auto). Default ${d.min_operatory_width_px}.` });
const Flag = (description: string, value: boolean) => Type.Boolean({ description: `${description} Default ${value}.` });
const OperatoryUuids = Type.Array(Uuid, {
  maxItems: 200, uniqueItems: true,
  description: 'The chairs the view shows, in column order; each must be a chair of the view\'s location (422 naming the stray id '
    + 'otherwise). Empty: every active chair of the location. Given on update: replaces the list.',
});
const ProviderUuids = Type.Array(Uuid, {
  maxItems: 200, uniqueItems: true,
  description: 'The providers whose schedules the view shows; providers are organisation-wide, so each must be a provider of the '
    + 'organisation (422 naming the stray id otherwise). Empty: every provider. Given on update: replaces the list.',
});
const Layout = (what: string) => `${what} Omitted on create: the Standard preset's (GET /schedule/views/templates); null: none (the client's own default).`;

/** The fields a create and an update share: all optional on both. */
const settingProps = {
  auto_scroll_to_current_time: Type.Optional(Flag('Whether to auto-scroll the calendar to the current time on load.', d.auto_scroll_to_current_time)),
  bubble_enabled: Type.Optional(Flag('Whether appointment bubbles are enabled in weekly view.', d.bubble_enabled)),
  bubble_layout: Type.Optional({ ...BubbleLayoutOrNull, description: Layout('What the appointment bubble shows.') }),
  card_layout: Type.Optional({ ...CardLayoutOrNull, description: Layout('What an appointment block shows.') }),
  color_config: Type.Optional({ ...ColorConfigOrNull, description: Layout('How appointment blocks are coloured.') }),
  compact_mode: Type.Optional(Flag('Whether to use compact (condensed) appointment block rendering.', d.compact_mode)),
  dynamic_op_filtering: Type.Optional(Flag('Whether to hide chairs with no scheduled provider on the calendar (see the calendar endpoints).', d.dynamic_op_filtering)),
  end_time: Type.Optional(EndTime),
  font_size: Type.Optional(FontSize),
  min_operatory_width_px: Type.Optional(MinWidth),
  operatory_uuids: Type.Optional(OperatoryUuids),
  privacy_mode: Type.Optional(Flag('Whether to obscure patient names and details (e.g. public-facing displays); applied by the client.', d.privacy_mode)),
  provider_uuids: Type.Optional(ProviderUuids),
  show_business_days_only: Type.Optional(Flag('Whether to hide weekend columns in weekly view.', d.show_business_days_only)),
  show_missed_appointments: Type.Optional(Flag('Whether to display missed/broken appointment slots on the schedule.', d.show_missed_appointments)),
  show_production: Type.Optional(Flag('Whether to display production amounts on appointment blocks.', d.show_production)),
  show_provider_bars: Type.Optional(Flag('Whether to show provider availability bars on the calendar.', d.show_provider_bars)),
  start_time: Type.Optional(StartTime),
  time_increment: Type.Optional(TimeIncrement),
  view_type: Type.Optional(ViewType),
  visibility: Type.Optional(Visibility),
};

export const CreateScheduleViewBody = Body({
  ...settingProps,
  location_uuid: Type.String({ format: 'uuid', description: 'Location of the view; fixed once created. Unknown or outside the caller\'s locations → 404.' }),
  name: Type.String({ ...Name, description: 'Display name, 1–200 characters' }),
});

export const UpdateScheduleViewBody = Body({
  ...settingProps,
  base_version: BaseVersion,
  name: Type.Optional(Type.String({ ...Name, description: 'Display name, 1–200 characters' })),
}, 'Every field but base_version is optional; the location is fixed (location_uuid → 422 extra_forbidden).');

export const ScheduleViewSchema = Type.Object({
  id: Uuid,
  name: Type.String(),
  location: Type.Ref(Ref),
  owner: Type.Ref(Ref, { description: 'Our addition: the user who created the view (its owner)' }),
  visibility: Visibility,
  is_default: Type.Boolean({ description: 'Whether this is the calling user\'s default view at the location (POST …/set-default); each user has their own.' }),
  keyboard_shortcut: Nullable(Type.Integer({
    minimum: 1, maximum: 9,
    description: 'The calling user\'s Ctrl+number (1–9) for this view (POST …/set-shortcut), or null; each user has their own.',
  })),
  view_type: ViewType,
  font_size: FontSize,
  start_time: Type.String({ description: 'Earliest local time shown, HH:MM:SS' }),
  end_time: Type.String({ description: 'Latest local time shown (exclusive), HH:MM:SS' }),
  time_increment: Type.Integer({ description: 'Time slot increment in minutes' }),
  min_operatory_width_px: Type.Integer(),
  auto_scroll_to_current_time: Type.Boolean(),
  bubble_enabled: Type.Boolean(),
  compact_mode: Type.Boolean(),
  dynamic_op_filtering: Type.Boolean(),
  privacy_mode: Type.Boolean(),
  show_business_days_only: Type.Boolean(),
  show_missed_appointments: Type.Boolean(),
  show_production: Type.Boolean(),
  show_provider_bars: Type.Boolean(),
  card_layout: CardLayoutOrNull,
  bubble_layout: BubbleLayoutOrNull,
  color_config: ColorConfigOrNull,
  operatory_uuids: Type.Array(Uuid, { description: 'The view\'s chairs in column order; empty: every active chair' }),
  provider_uuids: Type.Array(Uuid, { description: 'The view\'s providers; empty: every provider' }),
  ...Stamps,
}, { $id: 'ScheduleView' });
export type ScheduleView = Static<typeof ScheduleViewSchema>;

export const ScheduleViewQuery = Type.Object({
  ...PageQuery,
  location_uuid: Type.Optional(Type.String({ format: 'uuid', description: 'Only views of this location (unknown or outside the caller\'s locations → 404); omitted: every location' })),
});

export const ShortcutQuery = Type.Object({
  shortcut: Type.Integer({ minimum: 1, maximum: 9, description: 'Keyboard shortcut number (1-9).' }),
});

export const ScheduleViewPage = PageOf(Type.Ref(ScheduleViewSchema));
export const ScheduleViewParams = Type.Object({ org_id: Type.String(), view_uuid: Uuid });

/** Record schemas of schedule views referenced by `$ref`; registered once in app.ts. */
export const scheduleViewsSchemas: TSchema[] = [ScheduleViewSchema];

/** API shape of a view as its reader sees it (their own is_default and shortcut). */
export function toScheduleViewJson(r: ScheduleViewRow): ScheduleView {
  return {
    id: r.id, name: r.name, location: { id: r.location_id, name: r.location_name }, owner: { id: r.owner_user_id, name: r.owner_name },
    visibility: r.visibility, is_default: r.is_default, keyboard_shortcut: r.keyboard_shortcut,
    view_type: r.view_type, font_size: r.font_size, start_time: r.start_time, end_time: r.end_time, time_increment: r.time_increment,
    min_operatory_width_px: r.min_operatory_width_px, auto_scroll_to_current_time: r.auto_scroll_to_current_time,
    bubble_enabled: r.bubble_enabled, compact_mode: r.compact_mode, dynamic_op_filtering: r.dynamic_op_filtering,
    privacy_mode: r.privacy_mode, show_business_days_only: r.show_business_days_only, show_missed_appointments: r.show_missed_appointments,
    show_production: r.show_production, show_provider_bars: r.show_provider_bars,
    card_layout: r.card_layout, bubble_layout: r.bubble_layout, color_config: r.color_config,
    operatory_uuids: r.operatory_ids, provider_uuids: r.provider_ids,
    version: r.version, created_at: r.created_at, updated_at: r.updated_at,
  };
}
