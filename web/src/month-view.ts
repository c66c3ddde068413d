// The month's summary: per day, how many appointments, the production booked and whether it is a holiday.
import { h } from './dom.ts';
import type { Ctx } from './ctx.ts';
import { isoWeekday } from './time.ts';
import type { MonthlyCalendar } from './types.ts';

const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

export function renderMonth(ctx: Ctx, month: MonthlyCalendar): HTMLElement {
  const grid = h('div', { class: 'month-grid', role: 'list' });
  const lead = month.days.length ? isoWeekday(month.days[0]!.date) - 1 : 0;
  for (let i = 0; i < lead; i++) grid.append(h('div', { class: 'month-pad', 'aria-hidden': 'true' }));
  for (const d of month.days) {
    const btn = h('button', { type: 'button', class: `month-day${d.is_holiday ? ' holiday' : ''}`, 'data-date': d.date },
      h('span', { class: 'month-date', text: String(Number(d.date.slice(8))) }),
      h('span', { text: `${d.appointment_count} appointment${d.appointment_count === 1 ? '' : 's'}` }),
      ctx.view()?.show_production ? h('span', { text: `$${d.scheduled_production} booked` }) : null,
      d.is_holiday ? h('span', { class: 'holiday', text: 'Holiday' }) : null,
      d.day_hours !== 24 ? h('span', { class: 'dst-note', text: `${d.day_hours} h` }) : null);
    btn.addEventListener('click', () => ctx.gotoDay(d.date));
    grid.append(h('div', { role: 'listitem' }, btn));
  }
  return h('section', { class: 'month', 'aria-label': `Month ${month.month}`, 'data-testid': 'month-view' },
    h('div', { class: 'month-heads', 'aria-hidden': 'true' }, ...WEEKDAYS.map((w) => h('div', { text: w }))), grid);
}
