// The rules of a schedule view that are not about its layouts: allowed values, defaults, hours, and who
// may see and change a view.
import type { BubbleLayout, CardLayout, ColorConfig } from './layouts.ts';

export const VISIBILITIES = ['personal', 'shared'] as const;
export type Visibility = (typeof VISIBILITIES)[number];
export const VIEW_TYPES = ['daily', 'weekly'] as const;
export type ViewType = (typeof VIEW_TYPES)[number];
export const FONT_SIZES = ['xs', 'sm', 'md', 'lg'] as const;
export type FontSize = (typeof FONT_SIZES)[number];
export const TIME_INCREMENTS = [5, 10, 15, 20, 30, 60] as const;

/** Everything about a view that its create and update bodies set, besides location and links. */
export interface ViewSettings {
  name: string;
  visibility: Visibility;
  view_type: ViewType;
  font_size: FontSize;
  /** HH:MM:SS, before end_time. */
  start_time: string;
  end_time: string;
  time_increment: number;
  min_operatory_width_px: number;
  auto_scroll_to_current_time: boolean;
  bubble_enabled: boolean;
  compact_mode: boolean;
  dynamic_op_filtering: boolean;
  privacy_mode: boolean;
  show_business_days_only: boolean;
  show_missed_appointments: boolean;
  show_production: boolean;
  show_provider_bars: boolean;
  card_layout: CardLayout | null;
  bubble_layout: BubbleLayout | null;
  color_config: ColorConfig | null;
}

/**
 * What a created view gets for each field its body leaves out (layouts: the Standard preset's, filled in
 * by the command). Personal by default: a new view changes nobody else's screen until its owner shares it.
 */
export const VIEW_DEFAULTS: Omit<ViewSettings, 'name' | 'card_layout' | 'bubble_layout' | 'color_config'> = {
  visibility: 'personal',
  view_type: 'daily',
  font_size: 'md',
  start_time: '07:00:00',
  end_time: '19:00:00',
  time_increment: 10,
  min_operatory_width_px: 0,
  auto_scroll_to_current_time: true,
  bubble_enabled: true,
  compact_mode: false,
  dynamic_op_filtering: false,
  privacy_mode: false,
  show_business_days_only: false,
  show_missed_appointments: true,
  show_production: false,
  show_provider_bars: true,
};

/** True when wall-clock `start` (HH:MM:SS) is before `end`: a view's hours never run past midnight. */
export function hoursInOrder(start: string, end: string): boolean {
  return start < end;
}

export type Role = 'admin' | 'staff' | 'viewer';

/** Who asks: the view rules depend on the user and their role. */
export interface Caller {
  userId: string;
  role: Role;
}

/**
 * The part of a view that decides who may see and change it. A personal view is visible to its owner only, a
 * shared one to everyone at its location (the SQL reads in db/ apply that rule, so lists and pages agree).
 */
export interface ViewAccess {
  visibility: Visibility;
  owner_user_id: string;
}

/**
 * Why `caller` may not give a view `visibility`, or null; `view` is the view as it is (absent on create).
 * Viewers have no writes on the practice's shared set-up, so they keep personal views only. Making a shared
 * view personal takes it off every colleague's screen and leaves it to its owner alone: the owner's decision.
 */
export function visibilityRefusal(visibility: Visibility, caller: Caller, view?: ViewAccess): string | null {
  if (visibility === 'shared' && caller.role === 'viewer') return 'A viewer may keep personal views only';
  if (visibility === 'personal' && view?.visibility === 'shared' && view.owner_user_id !== caller.userId) {
    return 'Only its owner may make a shared view personal';
  }
  return null;
}

/**
 * Why `caller` may not change or delete a view they can see, or null. A personal view is its owner's alone.
 * A shared view is every colleague's screen, so only its owner and admins change it (a viewer never does,
 * even one who owns it since being demoted); others copy it into a view of their own instead.
 */
export function editRefusal(view: ViewAccess, caller: Caller): string | null {
  if (view.visibility === 'personal') return null;
  if (caller.role === 'viewer') return 'A viewer may not change a shared view';
  if (caller.role === 'admin' || view.owner_user_id === caller.userId) return null;
  return 'Only the owner of a shared view or an admin may change it';
}
