// Find a time: a side panel that runs the free-time search and lists what it finds; the slots of the day
// on screen are highlighted on the grid, and picking one opens the booking form there.
import { ApiError } from './api.ts';
import { h } from './dom.ts';
import type { BookingStart, Ctx } from './ctx.ts';
import { addDays, hhmm, shortDate } from './time.ts';
import type { FreeTimeResult } from './types.ts';

export function findTimePanel(ctx: Ctx, show: () => void, book: (s: BookingStart) => void): HTMLElement {
  const typeSel = h('select', { id: 'ft-type' }, ...ctx.ref.types.map((t) => h('option', { value: t.id, text: `${t.name} (${t.duration_minutes} min)` })));
  const providerSel = h('select', { id: 'ft-provider' }, h('option', { value: '', text: 'Any provider' }),
    ...[...ctx.ref.providers.values()].filter((p) => p.is_active).map((p) => h('option', { value: p.id, text: p.name })));
  const days = h('input', { id: 'ft-days', type: 'number', min: 1, max: 31, value: 7 });
  const status = h('p', { class: 'hint', role: 'status' });
  const list = h('ul', { class: 'ft-results', 'aria-label': 'Free times' });
  const form = h('form', { class: 'ft-form' },
    h('div', { class: 'field' }, h('label', { for: 'ft-type', text: 'Appointment type' }), typeSel),
    h('div', { class: 'field' }, h('label', { for: 'ft-provider', text: 'Provider' }), providerSel),
    h('div', { class: 'field' }, h('label', { for: 'ft-days', text: 'Days to search from the date shown' }), days),
    h('button', { type: 'submit', class: 'primary', text: 'Search' }));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    status.textContent = 'Searching…';
    try {
      const res = await ctx.api.get<FreeTimeResult>('/schedule/free-time', {
        location_uuid: ctx.state.locationId, date_from: ctx.state.date, date_to: addDays(ctx.state.date, Math.max(0, Number(days.value) - 1)),
        appointment_type_uuid: typeSel.value, provider_uuids: providerSel.value ? [providerSel.value] : undefined, limit: 50, one_per_start: true,
      });
      ctx.state.freeTime = res.items;
      status.textContent = res.items.length ? `${res.items.length}${res.has_more ? '+' : ''} free times; those on the day shown are highlighted.` : 'No free time found.';
      list.replaceChildren(...res.items.map((f) => {
        const b = h('button', { type: 'button', class: 'link', text: `${shortDate(f.schedule_date)} ${hhmm(f.start_time)}–${hhmm(f.end_time)}, ${f.operatory.name}, ${f.provider.name}` });
        b.addEventListener('click', () => book({ date: f.schedule_date, time: f.start_time, operatoryId: f.operatory.id, providerId: f.provider.id, typeId: typeSel.value }));
        return h('li', {}, b);
      }));
      show();
    } catch (err) {
      status.textContent = err instanceof ApiError ? err.message : 'The server could not be reached.';
    }
  });
  return h('aside', { class: 'find-time', 'aria-label': 'Find a time', 'data-testid': 'find-time' }, h('h2', { text: 'Find a time' }), form, status, list);
}
