// Pointer gestures on the day grid. A card dragged by its body follows the pointer snapped to the grid's rows
// and on drop the controller asks the API to move it; dragged by its bottom edge it stretches or shrinks and
// on release the controller asks the API for the new end (either way the card goes back if the API refuses).
// Pressing on empty time and dragging over the rows selects a span that opens the booking form.
import { css, h } from './dom.ts';
import { ROW_PX, type BookingStart, type Ctx } from './ctx.ts';
import { instantOf, wallTime, type DayGrid } from './time.ts';
import type { CalendarAppointment } from './types.ts';

const THRESHOLD = 5;

/** The click that ends a drag is not a click (and when the browser sends none, a later click still counts). */
function swallowNextClick(el: HTMLElement): void {
  const swallow = (c: Event) => {
    c.stopImmediatePropagation();
    el.removeEventListener('click', swallow, { capture: true });
  };
  el.addEventListener('click', swallow, { capture: true });
  setTimeout(() => el.removeEventListener('click', swallow, { capture: true }), 300);
}

/** Lets redraws through again after a press that was a click, once the click has been handled. */
const releaseAfterClick = (ctx: Ctx) => setTimeout(() => ctx.holdDraw(false), 0);

/** The grid row nearest to `px` from the column's top, within the grid. */
const rowAt = (grid: DayGrid, px: number) => Math.min(Math.max(Math.round(px / ROW_PX), 0), grid.rows.length);

export function enableDrag(ctx: Ctx, card: HTMLElement, appt: CalendarAppointment, grid: DayGrid): void {
  let start: { x: number; y: number; grab: number; mode: 'move' | 'resize'; height: number } | null = null;
  let dragging = false;
  let target: { col: HTMLElement; row: number } | null = null;
  let endRow: number | null = null;
  const handle = h('span', { class: 'resize-handle', 'aria-hidden': 'true', title: 'Drag to change the end', 'data-testid': 'resize-handle' });
  card.append(handle);

  const where = (e: PointerEvent) => {
    const col = document.elementsFromPoint(e.clientX, e.clientY).find((el) => el.classList.contains('chair-col')) as HTMLElement | undefined;
    if (!col) return null;
    const top = e.clientY - col.getBoundingClientRect().top - start!.grab;
    return { col, row: Math.min(rowAt(grid, top), grid.rows.length - 1) };
  };

  card.addEventListener('pointerdown', (e) => {
    if (e.button !== 0 || appt.status === 'complete') return;
    const resize = e.target === handle;
    start = { x: e.clientX, y: e.clientY, grab: e.clientY - card.getBoundingClientRect().top, mode: resize ? 'resize' : 'move', height: card.offsetHeight };
    card.setPointerCapture(e.pointerId);
    ctx.holdDraw(true);
  });
  card.addEventListener('pointermove', (e) => {
    if (!start) return;
    if (!dragging && Math.hypot(e.clientX - start.x, e.clientY - start.y) < THRESHOLD) return;
    dragging = true;
    card.classList.add(start.mode === 'resize' ? 'resizing' : 'dragging');
    if (start.mode === 'resize') {
      // The end follows the pointer down the card's own column, at least one row after the start.
      const colTop = card.parentElement!.getBoundingClientRect().top;
      const first = Math.floor(card.offsetTop / ROW_PX) + 1;
      endRow = Math.max(rowAt(grid, e.clientY - colTop), first);
      css(card, { height: endRow * ROW_PX - card.offsetTop });
      return;
    }
    const t = where(e);
    if (!t) return;
    target = t;
    // Moved by a transform, never re-parented: taking the card out of the document would end the pointer capture.
    const dx = t.col.getBoundingClientRect().left - card.parentElement!.getBoundingClientRect().left;
    css(card, { transform: `translate(${dx}px, ${t.row * ROW_PX - card.offsetTop}px)` });
  });
  const finish = (e: PointerEvent, cancelled: boolean) => {
    if (!start) return;
    const mode = start.mode;
    const height = start.height;
    start = null;
    card.releasePointerCapture(e.pointerId);
    if (!dragging) return void releaseAfterClick(ctx);
    card.classList.remove('dragging', 'resizing');
    card.style.removeProperty('transform');
    swallowNextClick(card);
    dragging = false;
    ctx.holdDraw(false, false);
    const t = target;
    const end = endRow;
    target = null;
    endRow = null;
    const day = ctx.state.day;
    if (mode === 'resize') {
      if (cancelled || end === null || !day) {
        css(card, { height });
        return;
      }
      return void ctx.resize(appt, end >= grid.rows.length ? grid.end : grid.rows[end]!.at, () => css(card, { height }));
    }
    if (cancelled || !t || !day) return void ctx.move(appt, null);
    void ctx.move(appt, { date: day.date, startAt: grid.rows[t.row]!.at, operatoryId: t.col.getAttribute('data-operatory-id')! });
  };
  card.addEventListener('pointerup', (e) => finish(e, false));
  card.addEventListener('pointercancel', (e) => finish(e, true));
  card.addEventListener('lostpointercapture', (e) => finish(e, true));
  card.addEventListener('click', (e) => {
    e.stopPropagation();
    ctx.openCardMenu(appt, card);
  });
}

/**
 * Empty time in a chair: a click opens the booking form at that row; pressing and dragging over the rows
 * draws the span and opens the form with that start and length.
 */
export function enableBookingGestures(ctx: Ctx, col: HTMLElement, grid: DayGrid, date: string, timeZone: string, operatoryId: string): void {
  let start: { x: number; y: number; row: number } | null = null;
  let draft: HTMLElement | null = null;
  const span = (row: number) => ({ from: Math.min(start!.row, row), to: Math.max(start!.row, row) + 1 });
  const rowOf = (e: PointerEvent) => Math.min(Math.floor((e.clientY - col.getBoundingClientRect().top) / ROW_PX), grid.rows.length - 1);
  const booking = (from: number, to: number): BookingStart => ({
    date, time: wallTime(grid.rows[from]!.at, timeZone), operatoryId,
    minutes: Math.round(((to >= grid.rows.length ? grid.end : grid.rows[to]!.at) - grid.rows[from]!.at) / 60_000),
  });

  col.addEventListener('pointerdown', (e) => {
    const slot = (e.target as HTMLElement).closest('.slot');
    if (e.button !== 0 || !slot) return;
    start = { x: e.clientX, y: e.clientY, row: grid.rows.findIndex((r) => String(r.at) === slot.getAttribute('data-at')) };
    if (start.row < 0) return void (start = null);
    ctx.holdDraw(true);
    // The button may come up anywhere (the column captures the pointer only once a span is being drawn).
    const end = (u: PointerEvent) => {
      document.removeEventListener('pointerup', end, true);
      document.removeEventListener('pointercancel', end, true);
      finish(u, u.type === 'pointercancel');
    };
    document.addEventListener('pointerup', end, true);
    document.addEventListener('pointercancel', end, true);
  });
  col.addEventListener('pointermove', (e) => {
    if (!start) return;
    if (!draft && Math.abs(e.clientY - start.y) < THRESHOLD) return;
    if (!draft) {
      col.setPointerCapture(e.pointerId);
      draft = h('div', { class: 'draft', 'data-testid': 'booking-draft', 'aria-hidden': 'true' });
      col.append(draft);
    }
    const { from, to } = span(rowOf(e));
    css(draft, { top: from * ROW_PX, height: (to - from) * ROW_PX });
  });
  const finish = (e: PointerEvent, cancelled: boolean) => {
    if (!start) return;
    const s = span(rowOf(e));
    const dragged = draft !== null;
    start = null;
    if (!dragged) return void releaseAfterClick(ctx);
    ctx.holdDraw(false);
    draft!.remove();
    draft = null;
    if (col.hasPointerCapture(e.pointerId)) col.releasePointerCapture(e.pointerId);
    swallowNextClick(col);
    if (!cancelled) ctx.openBooking(booking(s.from, s.to));
  };
  col.addEventListener('click', (e) => {
    const slot = (e.target as HTMLElement).closest('.slot');
    if (!slot) return;
    const row = grid.rows.findIndex((r) => String(r.at) === slot.getAttribute('data-at'));
    if (row >= 0) ctx.openBooking({ date, time: wallTime(grid.rows[row]!.at, timeZone), operatoryId });
  });
}

/** The week's time axis: wall-clock minutes `from`–`to` drawn `hourPx` to the hour, snapping to `step` minutes. */
export interface WeekAxis { from: number; to: number; hourPx: number; step: number; timeZone: string }

/** A week card dragged to another day or time moves there, in its own chair (a click still opens its menu). */
export function enableWeekDrag(ctx: Ctx, card: HTMLElement, appt: CalendarAppointment, axis: WeekAxis): void {
  let start: { x: number; y: number; grab: number } | null = null;
  let dragging = false;
  let target: { col: HTMLElement; minutes: number } | null = null;
  const stepPx = (axis.step / 60) * axis.hourPx;

  card.addEventListener('pointerdown', (e) => {
    if (e.button !== 0 || appt.status === 'complete' || !appt.operatory) return;
    start = { x: e.clientX, y: e.clientY, grab: e.clientY - card.getBoundingClientRect().top };
    card.setPointerCapture(e.pointerId);
    ctx.holdDraw(true);
  });
  card.addEventListener('pointermove', (e) => {
    if (!start) return;
    if (!dragging && Math.hypot(e.clientX - start.x, e.clientY - start.y) < THRESHOLD) return;
    dragging = true;
    card.classList.add('dragging');
    const col = document.elementsFromPoint(e.clientX, e.clientY).find((el) => el.classList.contains('week-day')) as HTMLElement | undefined;
    if (!col) return;
    const steps = Math.round((e.clientY - col.getBoundingClientRect().top - start.grab) / stepPx);
    const minutes = Math.min(Math.max(axis.from + steps * axis.step, axis.from), axis.to - axis.step);
    target = { col, minutes };
    const dx = col.getBoundingClientRect().left - card.parentElement!.getBoundingClientRect().left;
    css(card, { transform: `translate(${dx}px, ${((minutes - axis.from) / 60) * axis.hourPx - card.offsetTop}px)` });
  });
  const finish = (e: PointerEvent, cancelled: boolean) => {
    if (!start) return;
    start = null;
    card.releasePointerCapture(e.pointerId);
    if (!dragging) return void releaseAfterClick(ctx);
    dragging = false;
    card.classList.remove('dragging');
    card.style.removeProperty('transform');
    swallowNextClick(card);
    ctx.holdDraw(false, false);
    const t = target;
    target = null;
    if (cancelled || !t) return void ctx.move(appt, null);
    const date = t.col.getAttribute('data-date')!;
    const time = `${String(Math.floor(t.minutes / 60)).padStart(2, '0')}:${String(t.minutes % 60).padStart(2, '0')}:00`;
    void ctx.move(appt, { date, startAt: instantOf(date, time, axis.timeZone), operatoryId: appt.operatory!.id });
  };
  card.addEventListener('pointerup', (e) => finish(e, false));
  card.addEventListener('pointercancel', (e) => finish(e, true));
  card.addEventListener('lostpointercapture', (e) => finish(e, true));
  card.addEventListener('click', () => ctx.openCardMenu(appt, card));
}
