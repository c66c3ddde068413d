// What the page knows: the organisation's reference data (read once at sign-in) and what is on screen.
import type { Api } from './api.ts';
import type {
  AppointmentType, BlockoutType, DailyCalendar, FreeTimeSlot, Location, MonthlyCalendar, Operatory, Provider, ScheduleView, WeeklyCalendar,
} from './types.ts';

export type Mode = 'day' | 'week' | 'month';

export interface RefData {
  locations: Location[];
  operatories: Map<string, Operatory>;
  providers: Map<string, Provider>;
  types: AppointmentType[];
  typesById: Map<string, AppointmentType>;
  blockoutTypes: Map<string, BlockoutType>;
  views: ScheduleView[];
}

export interface State {
  mode: Mode;
  locationId: string;
  date: string;
  viewId: string | null;
  wholeDay: boolean;
  day: DailyCalendar | null;
  week: WeeklyCalendar | null;
  month: MonthlyCalendar | null;
  freeTime: FreeTimeSlot[];
}

export async function loadRefData(api: Api): Promise<RefData> {
  const [locations, operatories, providers, types, blockoutTypes, views] = await Promise.all([
    api.all<Location>('/locations', { is_active: true }),
    api.all<Operatory>('/operatories'),
    api.all<Provider>('/providers'),
    api.all<AppointmentType>('/appointment-types', { status: 'active' }),
    api.all<BlockoutType>('/blockouts/types', { include_hidden: true }),
    api.all<ScheduleView>('/schedule/views'),
  ]);
  return {
    locations,
    operatories: new Map(operatories.map((o) => [o.id, o])),
    providers: new Map(providers.map((p) => [p.id, p])),
    types: types.filter((t) => !t.is_hidden),
    typesById: new Map(types.map((t) => [t.id, t])),
    blockoutTypes: new Map(blockoutTypes.map((b) => [b.id, b])),
    views,
  };
}

/** The view to start with at a location: the user's default there, else the first view of it, else none. */
export function initialView(ref: RefData, locationId: string): ScheduleView | null {
  const here = ref.views.filter((v) => v.location.id === locationId);
  return here.find((v) => v.is_default) ?? here[0] ?? null;
}

/** Chairs of a location in display order (the view's order when the calendar names them). */
export function chairsOf(ref: RefData, locationId: string, ids?: string[]): Operatory[] {
  if (ids?.length) return ids.flatMap((id) => ref.operatories.get(id) ?? []);
  return [...ref.operatories.values()].filter((o) => o.location.id === locationId && o.is_active).sort((a, b) => a.item_order - b.item_order);
}
