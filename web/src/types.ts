// The shapes of the public API the page reads, named after openapi.json's components (a test checks
// every field named here against that document).

export interface Ref { id: string; name: string | null }
export interface Page<T> { items: T[]; page: number; page_size: number; total: number }
export interface ErrorBody { detail: { loc: (string | number)[]; msg: string; type: string }[] }

export interface Location {
  id: string; name: string; timezone: string; is_active: boolean;
  open_hours: { day_of_week: number; start_time: string; end_time: string }[] | null;
  default_appointment_type_uuid: string | null;
}
export interface Operatory { id: string; location: Ref; name: string; abbrev: string | null; item_order: number; is_active: boolean }
export interface Provider { id: string; name: string; abbrev: string | null; color: string | null; is_active: boolean }
export interface AppointmentType { id: string; name: string; color: string | null; duration_minutes: number; is_hidden: boolean; status: string }
export interface BlockoutType { id: string; name: string; color: string; is_holiday: boolean; is_no_schedule: boolean }
export interface Patient { id: string; name: string; birth_date: string | null; chart_number: string | null }

export type AppointmentStatus = 'planned' | 'scheduled' | 'complete' | 'broken' | 'cancelled' | 'unscheduled' | 'pinboard';

export interface CalendarAppointment {
  id: string; status: AppointmentStatus; patient: Ref; location: Ref; operatory: Ref | null; appointment_type: Ref | null;
  provider: Ref | null; schedule_date: string | null; start_time: string | null; end_time: string | null;
  note: string; is_new_patient: boolean; color_override: string | null; confirmation_status: Ref | null;
  confirmation_status_label: string | null; production_amount: string; version: number;
}
export type Appointment = CalendarAppointment;

export interface ScheduleTimeRange { start_time: string; end_time: string; start_at: string; end_at: string; operatory: Ref | null }
export interface CalendarProviderSchedule { provider: Ref; is_override: boolean; time_ranges: ScheduleTimeRange[] }
export interface Blockout {
  id: string; blockout_type: Ref; location: Ref; operatory: Ref | null; schedule_date: string;
  start_time: string; end_time: string; start_at: string; end_at: string; note: string; status: string;
}
export interface CalendarDay {
  date: string; day_hours: number; appointments: CalendarAppointment[]; blockouts: Blockout[];
  provider_schedules: CalendarProviderSchedule[]; operatory_uuids: string[];
}
export interface DailyCalendar extends CalendarDay { location_timezone: string }
export interface WeeklyCalendar { location_timezone: string; days: CalendarDay[] }
export interface CalendarMonthDay {
  date: string; day_hours: number; appointment_count: number; scheduled_production: string; completed_production: string;
  production_goal: string; is_holiday: boolean;
}
export interface MonthlyCalendar { month: string; location_timezone: string; days: CalendarMonthDay[] }

export interface ScheduleView {
  id: string; name: string; location: Ref; visibility: 'personal' | 'shared'; is_default: boolean; keyboard_shortcut: number | null;
  view_type: 'daily' | 'weekly'; start_time: string; end_time: string; time_increment: number; privacy_mode: boolean;
  show_business_days_only: boolean; show_production: boolean; show_provider_bars: boolean; show_missed_appointments: boolean;
  min_operatory_width_px: number; operatory_uuids: string[];
}

export interface FreeTimeSlot {
  schedule_date: string; start_time: string; end_time: string; start_at: string; end_at: string;
  provider: Ref; operatory: Ref; location: Ref;
}
export interface FreeTimeResult { location: Ref; location_timezone: string; duration_minutes: number; items: FreeTimeSlot[]; has_more: boolean }
