// The day by chair: one column per operatory, rows of real time in the view's increment, cards placed by
// their instants (so a 23- or 25-hour day is drawn as it is), blockouts, provider hours and the time now.
import { css, h, textOn } from './dom.ts';
import { ROW_PX, type Ctx } from './ctx.ts';
import { appointmentCard } from './cards.ts';
import { enableBookingGestures, enableDrag } from './drag.ts';
import { chairsOf } from './state.ts';
import { dayGrid, hhmm, longDate, wallTime, type DayGrid } from './time.ts';
import type { Blockout, CalendarAppointment, DailyCalendar, Operatory } from './types.ts';

const y = (grid: DayGrid, ms: number) => ((ms - grid.start) / grid.step) * ROW_PX;

/** The day's grid: the view's hours (or the location's open hours that weekday), or the whole local day. */
export function gridFor(ctx: Ctx, day: DailyCalendar): DayGrid {
  const view = ctx.view();
  const tz = day.location_timezone;
  const step = view?.time_increment ?? 10;
  if (ctx.state.wholeDay) return dayGrid(day.date, tz, '00:00:00', null, step);
  return dayGrid(day.date, tz, view?.start_time ?? '07:00:00', view?.end_time ?? '19:00:00', step);
}

function place(el: HTMLElement, grid: DayGrid, from: number, to: number): HTMLElement {
  const top = Math.max(0, y(grid, from));
  const bottom = Math.min(grid.rows.length * ROW_PX, y(grid, to));
  return css(el, { top, height: Math.max(bottom - top, ROW_PX / 2) });
}

function blockoutEl(ctx: Ctx, grid: DayGrid, b: Blockout): HTMLElement {
  const type = ctx.ref.blockoutTypes.get(b.blockout_type.id);
  const color = type?.color ?? '#bdbdbd';
  const text = `${b.blockout_type.name ?? 'Blockout'} ${hhmm(b.start_time)}–${hhmm(b.end_time)}${b.note ? `: ${b.note}` : ''}`;
  const el = h('div', { class: `blockout${type?.is_no_schedule ? ' no-schedule' : ''}`, 'data-testid': 'blockout' }, h('span', { text }));
  css(el, { background: color, color: textOn(color) });
  return place(el, grid, Date.parse(b.start_at), Date.parse(b.end_at));
}

/** Side-by-side lanes for appointments that overlap in one chair. */
export function lanes(appts: CalendarAppointment[]): Map<string, { lane: number; of: number }> {
  const out = new Map<string, { lane: number; of: number }>();
  const sorted = [...appts].sort((a, b) => Date.parse(a.start_time!) - Date.parse(b.start_time!));
  let group: CalendarAppointment[] = [];
  let groupEnd = -Infinity;
  const close = () => group.forEach((a, i) => out.set(a.id, { lane: i, of: group.length }));
  for (const a of sorted) {
    if (Date.parse(a.start_time!) >= groupEnd) { close(); group = []; groupEnd = -Infinity; }
    group.push(a);
    groupEnd = Math.max(groupEnd, Date.parse(a.end_time!));
  }
  close();
  return out;
}

function chairColumn(ctx: Ctx, grid: DayGrid, day: DailyCalendar, chair: Operatory): HTMLElement {
  const col = h('div', { class: 'chair-col', 'data-operatory-id': chair.id, 'data-testid': 'chair-column' });
  css(col, { height: grid.rows.length * ROW_PX });
  for (const r of grid.rows) {
    col.append(h('div', { class: `slot${r.label.endsWith(':00') || r.label.includes(':00 ') ? ' hour' : ''}`, 'data-at': r.at }));
  }
  for (const b of day.blockouts) if (!b.operatory || b.operatory.id === chair.id) col.append(blockoutEl(ctx, grid, b));
  if (ctx.view()?.show_provider_bars ?? true) {
    for (const s of day.provider_schedules) {
      for (const r of s.time_ranges) {
        if (r.operatory?.id !== chair.id) continue;
        const bar = h('div', { class: 'provider-bar', title: `${s.provider.name}: ${hhmm(r.start_time)}–${hhmm(r.end_time)}` });
        css(bar, { background: ctx.ref.providers.get(s.provider.id)?.color ?? '#546e7a' });
        col.append(place(bar, grid, Date.parse(r.start_at), Date.parse(r.end_at)));
      }
    }
  }
  const showMissed = ctx.view()?.show_missed_appointments ?? true;
  const here = day.appointments.filter((a) => a.operatory?.id === chair.id && a.start_time && (showMissed || a.status !== 'broken'));
  const lane = lanes(here);
  for (const a of here) {
    const card = place(appointmentCard(ctx, a), grid, Date.parse(a.start_time!), Date.parse(a.end_time!));
    const l = lane.get(a.id)!;
    css(card, { left: `calc(8px + (100% - 10px) * ${l.lane / l.of})`, width: `calc((100% - 10px) / ${l.of})` });
    enableDrag(ctx, card, a, grid);
    col.append(card);
  }
  for (const f of ctx.state.freeTime) {
    if (f.schedule_date !== day.date || f.operatory.id !== chair.id) continue;
    col.append(place(h('div', { class: 'free-time', 'data-testid': 'free-time-highlight', title: `Free: ${hhmm(f.start_time)} with ${f.provider.name}` }),
      grid, Date.parse(f.start_at), Date.parse(f.end_at)));
  }
  enableBookingGestures(ctx, col, grid, day.date, day.location_timezone, chair.id);
  return col;
}

function gutter(grid: DayGrid): HTMLElement {
  const g = h('div', { class: 'gutter', 'aria-hidden': 'true' });
  css(g, { height: grid.rows.length * ROW_PX });
  for (const r of grid.rows) g.append(h('div', { class: 'row-label', 'data-testid': 'row-label', text: r.label.endsWith(':00') || r.label.includes(' ') ? r.label : '' }));
  return g;
}

function dayHeader(ctx: Ctx, day: DailyCalendar, grid: DayGrid): HTMLElement {
  const holidays = day.blockouts.filter((b) => ctx.ref.blockoutTypes.get(b.blockout_type.id)?.is_holiday);
  const hours = day.day_hours === 24 ? null : `${day.day_hours}-hour day (${day.day_hours < 24 ? 'clocks go forward' : 'clocks go back'})`;
  const providers = day.provider_schedules.filter((s) => s.time_ranges.length)
    .map((s) => `${s.provider.name} ${s.time_ranges.map((r) => `${hhmm(r.start_time)}–${hhmm(r.end_time)}`).join(', ')}`);
  return h('div', { class: 'day-head' },
    h('h2', { text: longDate(day.date) }),
    hours ? h('p', { class: 'dst-note', 'data-testid': 'day-hours', text: hours }) : null,
    ...holidays.map((b) => h('p', { class: 'holiday', 'data-testid': 'holiday', text: `Holiday: ${b.note || b.blockout_type.name}` })),
    ...grid.markers.map((m) => h('p', { class: `dst-marker ${m.kind}`, 'data-testid': 'dst-marker', text: m.text })),
    h('p', { class: 'visually-hidden', text: providers.length ? `Providers working: ${providers.join('; ')}` : 'No provider is scheduled' }));
}

export function renderDay(ctx: Ctx, day: DailyCalendar): HTMLElement {
  const grid = gridFor(ctx, day);
  const chairs = chairsOf(ctx.ref, ctx.state.locationId, day.operatory_uuids);
  const heads = h('div', { class: 'col-heads', 'aria-hidden': 'true' }, h('div', { class: 'gutter-head' }),
    ...chairs.map((c) => h('div', { class: 'col-head', text: c.name })));
  const body = h('div', { class: 'day-body', 'data-rows': grid.rows.length, 'data-testid': 'day-grid' }, gutter(grid),
    ...chairs.map((c) => chairColumn(ctx, grid, day, c)));
  for (const m of grid.markers) {
    body.append(css(h('div', { class: `dst-line ${m.kind}`, title: m.text }, h('span', { text: m.text })), { top: y(grid, m.at) }));
  }
  const now = ctx.now();
  if (now >= grid.start && now < grid.end) {
    body.append(css(h('div', { class: 'now-line', 'data-testid': 'now-line', title: `Now, ${hhmm(wallTime(now, day.location_timezone))}` }), { top: y(grid, now) }));
  }
  const min = ctx.view()?.min_operatory_width_px;
  const wrap = h('section', { class: 'day', 'aria-label': `Appointments on ${longDate(day.date)}`, 'data-date': day.date, 'data-day-hours': day.day_hours },
    dayHeader(ctx, day, grid), h('div', { class: 'day-scroll' }, heads, body));
  css(wrap, { '--chairs': String(chairs.length), '--min-col': `${min && min > 0 ? min : 120}px` });
  return wrap;
}
