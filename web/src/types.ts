// The shapes of the public API the page reads and sends. Each one names what it stands for in openapi.json
// (`@schema` a component, `@body` an operation's request body, `@response` its 200 answer, `@enum` a
// property's values), and test/web/api-types.test.ts checks every field named here against that document:
// the name exists, a field the page relies on is required there, null and the JSON type agree, and a body
// sends every field the operation requires. A new type here needs its tag, or that test fails.

/** @schema Ref */
export interface Ref { id: string; name: string | null }
/** @response GET /patients */
export interface Page<T> { items: T[]; page: number; page_size: number; total: number }
/** @schema ErrorBody */
export interface ErrorBody { detail: { loc: (string | number)[]; msg: string; type: string }[] }

/** @schema Location */
export interface Location {
  id: string; name: string; timezone: string; is_active: boolean;
  open_hours: { day_of_week: number; start_time: string; end_time: string }[] | null;
  default_appointment_type_uuid: string | null;
}
/** @schema Operatory */
export interface Operatory { id: string; location: Ref; name: string; abbrev: string | null; item_order: number; is_active: boolean }
/** @schema Provider */
export interface Provider { id: string; name: string; abbrev: string | null; color: string | null; is_active: boolean }
/** @schema AppointmentType */
export interface AppointmentType { id: string; name: string; color: string | null; duration_minutes: number; is_hidden: boolean; status: 'active' | 'archived' }
/** @schema BlockoutType */
export interface BlockoutType { id: string; name: string; color: string; is_holiday: boolean; is_no_schedule: boolean }
/** @schema Patient */
export interface Patient { id: string; name: string; last_name: string; birth_date: string | null; chart_number: string | null }
/** @schema Definition */
export interface Definition { id: string; name: string; category: string }
/** @schema PatientFlowStatus */
export interface PatientFlowStatus { id: string; name: string; slug: string; color: string; is_active: boolean }

/** @enum CalendarAppointment.status */
export type AppointmentStatus = 'planned' | 'scheduled' | 'complete' | 'broken' | 'cancelled' | 'unscheduled' | 'pinboard';

/** @schema Appointment */
export interface Appointment {
  id: string; status: AppointmentStatus; patient: Ref; location: Ref; operatory: Ref | null; appointment_type: Ref | null;
  provider: Ref | null; schedule_date: string | null; start_time: string | null; end_time: string | null;
  note: string; is_new_patient: boolean; color_override: string | null; confirmation_status: Ref | null;
  confirmation_status_label: string | null; flow_status: Ref | null; production_amount: string; version: number;
}
/** @schema CalendarAppointment */
export interface CalendarAppointment extends Appointment {}

/** @schema ScheduleTimeRange */
export interface ScheduleTimeRange { start_time: string; end_time: string; start_at: string; end_at: string; operatory: Ref | null }
/** @schema CalendarProviderSchedule */
export interface CalendarProviderSchedule { provider: Ref; is_override: boolean; time_ranges: ScheduleTimeRange[] }
/** @schema Blockout */
export interface Blockout {
  id: string; blockout_type: Ref; location: Ref; operatory: Ref | null; schedule_date: string;
  start_time: string; end_time: string; start_at: string; end_at: string; note: string; status: 'active' | 'cancelled';
}
/** @schema CalendarDay */
export interface CalendarDay {
  date: string; day_hours: number; appointments: CalendarAppointment[]; blockouts: Blockout[];
  provider_schedules: CalendarProviderSchedule[]; operatory_uuids?: string[];
}
/** @schema DailyCalendar */
export interface DailyCalendar extends CalendarDay { location_timezone: string }
/** @schema WeeklyCalendar */
export interface WeeklyCalendar { location_timezone: string; days: CalendarDay[] }
/** @schema CalendarMonthDay */
export interface CalendarMonthDay {
  date: string; day_hours: number; appointment_count: number; scheduled_production: string; completed_production: string;
  production_goal: string; is_holiday: boolean;
}
/** @schema MonthlyCalendar */
export interface MonthlyCalendar { month: string; location_timezone: string; days: CalendarMonthDay[] }

/** @schema ScheduleView */
export interface ScheduleView {
  id: string; name: string; location: Ref; visibility: 'personal' | 'shared'; is_default: boolean; keyboard_shortcut: number | null;
  view_type: 'daily' | 'weekly'; start_time: string; end_time: string; time_increment: number; privacy_mode: boolean;
  show_business_days_only: boolean; show_production: boolean; show_provider_bars: boolean; show_missed_appointments: boolean;
  min_operatory_width_px: number; operatory_uuids: string[];
}

/** @schema FreeTimeSlot */
export interface FreeTimeSlot {
  schedule_date: string; start_time: string; end_time: string; start_at: string; end_at: string;
  provider: Ref; operatory: Ref; location: Ref;
}
/** @schema FreeTimeResult */
export interface FreeTimeResult { location: Ref; location_timezone: string; duration_minutes: number; items: FreeTimeSlot[]; has_more: boolean }

// What the page sends.

/** @body POST /appointments */
export interface AppointmentCreate {
  patient_uuid: string; location_uuid: string; operatory_uuid?: string | null; appointment_type_uuid?: string | null;
  provider_uuid?: string | null; schedule_date?: string; start_time?: string; end_time?: string;
}
/** @body POST /appointments/{appointment_uuid}/move */
export interface AppointmentMove {
  base_version: number; schedule_date: string; start_time: string; end_time: string; operatory_uuid?: string | null;
}
/** @body PATCH /appointments/{appointment_uuid} */
export interface AppointmentUpdate { base_version: number; end_time?: string }
/** @body POST /appointments/{appointment_uuid}/transition */
export interface AppointmentTransition { base_version: number; status: AppointmentStatus }
/** @body POST /appointments/{appointment_uuid}/break */
export interface AppointmentBreak { base_version: number }
/** @body POST /appointments/{appointment_uuid}/cancel */
export interface AppointmentCancel { base_version: number; cancelled_by?: 'patient' | 'practice' | null }
/** @body PATCH /appointments/{appointment_uuid}/confirmation-status */
export interface ConfirmationStatusUpdate { base_version: number; confirmation_status_uuid?: string | null }
/** @body POST /appointments/{appointment_uuid}/patient-flow-status */
export interface FlowStatusSet { flow_status_uuid: string }
