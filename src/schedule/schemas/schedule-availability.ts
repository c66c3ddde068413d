import { Type, type Static, type TSchema } from '@sinclair/typebox';
import type { ProviderDay } from '../domain/schedule.ts';
import { formatEpochMs } from '../../core/time.ts';
import { DateStr, LocalInstant, Ref, NullableRef } from '../../core/http/schemas.ts';

export const ScheduleTimeRangeSchema = Type.Object({
  start_time: Type.String({ description: 'Local wall-clock start as scheduled, HH:MM:SS' }),
  end_time: Type.String({ description: 'Local wall-clock end as scheduled (exclusive), HH:MM:SS' }),
  start_at: Type.String({ ...LocalInstant, description: 'Our addition: the real start instant with the location\'s offset (a start inside a DST gap is the transition instant)' }),
  end_at: Type.String({ ...LocalInstant, description: 'Our addition: the real end instant with the location\'s offset' }),
  operatory: NullableRef(),
}, { $id: 'ScheduleTimeRange', description: 'A working range [start_at, end_at) of a provider on a date' });

const TimeRanges = Type.Array(Type.Ref(ScheduleTimeRangeSchema), { description: 'Ordered by start; empty when unavailable' });
const IsOverride = Type.Boolean({ description: 'True when the date\'s schedule comes from overrides rather than the weekly templates' });
const DayHours = Type.Number({ description: 'Our addition: length of the local date in hours: 24, or 23 / 25 on DST change days (23.5 / 24.5 in zones with half-hour shifts)' });
const Zone = Type.String({ description: 'IANA time zone of the location' });

export const ProviderAvailabilitySchema = Type.Object({
  date: Type.String({ format: 'date' }),
  provider: Type.Ref(Ref),
  location: Type.Ref(Ref, { description: 'Our addition: the location resolved at' }),
  location_timezone: Zone,
  day_hours: DayHours,
  is_override: IsOverride,
  time_ranges: TimeRanges,
}, { $id: 'ProviderAvailability' });
export type ProviderAvailability = Static<typeof ProviderAvailabilitySchema>;

export const DailyProvidersSchema = Type.Object({
  date: Type.String({ format: 'date' }),
  location: Type.Ref(Ref),
  location_timezone: Zone,
  day_hours: DayHours,
  providers: Type.Array(Type.Object({
    provider: Type.Ref(Ref),
    is_override: IsOverride,
    time_ranges: TimeRanges,
  }), { description: 'Every provider with a template in force or an override that date, by last name, first name' }),
}, { $id: 'DailyProviders' });
export type DailyProviders = Static<typeof DailyProvidersSchema>;

export const ProviderAvailabilityQuery = Type.Object({
  provider_uuid: Type.String({ format: 'uuid', description: 'Provider to resolve; unknown → 404' }),
  location_uuid: Type.String({ format: 'uuid', description: 'Location to resolve at; unknown or outside the caller\'s locations → 404' }),
  date: DateStr,
});

export const DailyProvidersQuery = Type.Object({
  location_uuid: Type.String({ format: 'uuid', description: 'Location to resolve at; unknown or outside the caller\'s locations → 404' }),
  date: DateStr,
});

/** Record schemas of schedule-availability referenced by `$ref`; registered once in app.ts. */
export const scheduleAvailabilitySchemas: TSchema[] = [ScheduleTimeRangeSchema, ProviderAvailabilitySchema, DailyProvidersSchema];

/** API shape of a resolved day's ranges; `operatoryNames` maps operatory ids to names. */
export function toTimeRangesJson(day: ProviderDay, zone: string, operatoryNames: Map<string, string>): Static<typeof ScheduleTimeRangeSchema>[] {
  return day.ranges.map((r) => ({
    start_time: r.startTime, end_time: r.endTime,
    start_at: formatEpochMs(r.start, zone), end_at: formatEpochMs(r.end, zone),
    operatory: r.operatoryId === null ? null : { id: r.operatoryId, name: operatoryNames.get(r.operatoryId) ?? null },
  }));
}
