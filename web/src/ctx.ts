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
  /** The length chosen by dragging over empty time (else the type's). */
  minutes?: number;
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
  /** Gives an appointment a new end (epoch ms); `snapBack` puts the card back when the API refuses. */
  resize(appt: CalendarAppointment, endAt: number, snapBack: () => void): Promise<void>;
  gotoDay(date: string): void;
  /**
   * Holds redraws while a pointer gesture is under way (a redraw would take the card from under the pointer);
   * releasing draws what was held back unless `redraw` is false (a move or resize that reloads anyway).
   */
  holdDraw(on: boolean, redraw?: boolean): void;
}

/** Rows are this tall whatever the increment. */
export const ROW_PX = 20;
