// The week at one location: a column per day (weekdays only when the view says so), cards lined up by
// their wall-clock times, each naming its chair, side by side where they overlap; a card dragged to another
// day or time moves there in the same chair.
import { css, h } from './dom.ts';
import type { Ctx } from './ctx.ts';
import { appointmentCard } from './cards.ts';
import { lanes } from './day-view.ts';
import { enableWeekDrag } from './drag.ts';
import { isoWeekday, shortDate, wallMinutes } from './time.ts';
import type { WeeklyCalendar } from './types.ts';

export const HOUR_PX = 48;

export const minutesOf = (time: string) => Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));

export function renderWeek(ctx: Ctx, week: WeeklyCalendar): HTMLElement {
  const view = ctx.view();
  const from = minutesOf(view?.start_time ?? '07:00');
  const to = minutesOf(view?.end_time ?? '19:00');
  const height = ((to - from) / 60) * HOUR_PX;
  const tz = week.location_timezone;
  const days = week.days.filter((d) => !view?.show_business_days_only || isoWeekday(d.date) <= 5);
  const gutter = h('div', { class: 'week-gutter', 'aria-hidden': 'true' });
  css(gutter, { height });
  for (let m = Math.ceil(from / 60) * 60; m < to; m += 60) {
    gutter.append(css(h('div', { class: 'week-hour', text: `${String(m / 60).padStart(2, '0')}:00` }), { top: ((m - from) / 60) * HOUR_PX }));
  }
  const cols = days.map((d) => {
    const holiday = d.blockouts.some((b) => ctx.ref.blockoutTypes.get(b.blockout_type.id)?.is_holiday);
    const col = h('div', { class: `week-day${holiday ? ' holiday' : ''}`, 'data-date': d.date, 'data-testid': 'week-day' });
    css(col, { height });
    const shown = d.appointments.filter((a) => a.start_time && a.end_time);
    const lane = lanes(shown);
    for (const a of shown) {
      const top = ((wallMinutes(Date.parse(a.start_time!), tz) - from) / 60) * HOUR_PX;
      const len = ((Date.parse(a.end_time!) - Date.parse(a.start_time!)) / 3_600_000) * HOUR_PX;
      if (top + len <= 0 || top >= height) continue;
      const card = appointmentCard(ctx, a);
      card.classList.add('week-card');
      card.append(h('span', { class: 'card-line', text: a.operatory?.name ?? '' }));
      const l = lane.get(a.id)!;
      css(card, { top: Math.max(0, top), height: Math.max(len, 14), left: `calc(2px + (100% - 4px) * ${l.lane / l.of})`, width: `calc((100% - 4px) / ${l.of})` });
      enableWeekDrag(ctx, card, a, { from, to, hourPx: HOUR_PX, step: view?.time_increment ?? 10, timeZone: tz });
      col.append(card);
    }
    return col;
  });
  const heads = days.map((d) => {
    const holiday = d.blockouts.find((b) => ctx.ref.blockoutTypes.get(b.blockout_type.id)?.is_holiday);
    const btn = h('button', { type: 'button', class: 'link', text: shortDate(d.date) });
    btn.addEventListener('click', () => ctx.gotoDay(d.date));
    return h('div', { class: 'week-head' }, btn,
      h('span', { class: 'week-count', text: `${d.appointments.length} appt${d.appointments.length === 1 ? '' : 's'}` }),
      holiday ? h('span', { class: 'holiday', text: `Holiday: ${holiday.note || holiday.blockout_type.name}` }) : null,
      d.day_hours !== 24 ? h('span', { class: 'dst-note', text: `${d.day_hours}-hour day` }) : null);
  });
  const wrap = h('section', { class: 'week', 'aria-label': `Week of ${shortDate(week.days[0]!.date)}`, 'data-testid': 'week-view' },
    h('div', { class: 'week-heads' }, h('div', { class: 'gutter-head' }), ...heads),
    h('div', { class: 'week-body' }, gutter, ...cols));
  css(wrap, { '--days': String(days.length) });
  return wrap;
}
