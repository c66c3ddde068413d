// What the calendar views need from the page's controller.
import type { Api } from './api.ts';
import type { RefData, State } from './state.ts';
import type { CalendarAppointment, ScheduleView } from './types.ts';

export interface BookingStart {
  date: string;
  /** Wall-clock start, HH:MM:SS. */
  time: string;
  operatoryId?: string;
  providerId?: string;
  typeId?: string;
}

export interface MoveTarget {
  date: string;
  /** The new start instant, epoch ms. */
  startAt: number;
  operatoryId: string;
}

export interface Ctx {
  api: Api;
  ref: RefData;
  state: State;
  view(): ScheduleView | null;
  timeZone(): string;
  now(): number;
  openBooking(start: BookingStart): void;
  openCardMenu(appt: CalendarAppointment, anchor: HTMLElement): void;
  /** Moves an appointment; a null target only redraws (a cancelled drag). */
  move(appt: CalendarAppointment, target: MoveTarget | null): Promise<void>;
  gotoDay(date: string): void;
}

/** Rows are this tall whatever the increment. */
export const ROW_PX = 20;
