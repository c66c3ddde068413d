// Drag a card to another time or chair: it follows the pointer snapped to the grid's rows, and on drop the
// controller asks the API to move it (the card goes back where it was if the API refuses).
import { css } from './dom.ts';
import { ROW_PX, type Ctx } from './ctx.ts';
import type { DayGrid } from './time.ts';
import type { CalendarAppointment } from './types.ts';

const THRESHOLD = 5;

export function enableDrag(ctx: Ctx, card: HTMLElement, appt: CalendarAppointment, grid: DayGrid): void {
  let start: { x: number; y: number; grab: number } | null = null;
  let dragging = false;
  let target: { col: HTMLElement; row: number } | null = null;

  const where = (e: PointerEvent) => {
    const col = document.elementsFromPoint(e.clientX, e.clientY).find((el) => el.classList.contains('chair-col')) as HTMLElement | undefined;
    if (!col) return null;
    const top = e.clientY - col.getBoundingClientRect().top - start!.grab;
    const row = Math.min(Math.max(Math.round(top / ROW_PX), 0), grid.rows.length - 1);
    return { col, row };
  };

  card.addEventListener('pointerdown', (e) => {
    if (e.button !== 0 || appt.status === 'complete') return;
    start = { x: e.clientX, y: e.clientY, grab: e.clientY - card.getBoundingClientRect().top };
    card.setPointerCapture(e.pointerId);
  });
  card.addEventListener('pointermove', (e) => {
    if (!start) return;
    if (!dragging && Math.hypot(e.clientX - start.x, e.clientY - start.y) < THRESHOLD) return;
    dragging = true;
    card.classList.add('dragging');
    const t = where(e);
    if (!t) return;
    target = t;
    // Moved by a transform, never re-parented: taking the card out of the document would end the pointer capture.
    const dx = t.col.getBoundingClientRect().left - card.parentElement!.getBoundingClientRect().left;
    css(card, { transform: `translate(${dx}px, ${t.row * ROW_PX - card.offsetTop}px)` });
  });
  const finish = (e: PointerEvent, cancelled: boolean) => {
    if (!start) return;
    start = null;
    card.releasePointerCapture(e.pointerId);
    if (!dragging) return;
    card.classList.remove('dragging');
    card.style.removeProperty('transform');
    // The click that follows a drag is not a click on the card.
    card.addEventListener('click', (c) => c.stopImmediatePropagation(), { capture: true, once: true });
    dragging = false;
    const t = target;
    target = null;
    const day = ctx.state.day;
    if (cancelled || !t || !day) return void ctx.move(appt, null);
    void ctx.move(appt, { date: day.date, startAt: grid.rows[t.row]!.at, operatoryId: t.col.getAttribute('data-operatory-id')! });
  };
  card.addEventListener('pointerup', (e) => finish(e, false));
  card.addEventListener('pointercancel', (e) => finish(e, true));
  card.addEventListener('click', (e) => {
    e.stopPropagation();
    ctx.openCardMenu(appt, card);
  });
}
