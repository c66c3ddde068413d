// The toolbar: location, view, day/week/month, the date and its arrows, whole day, booking, find a time, sign out.
import { h } from './dom.ts';
import type { RefData, State } from './state.ts';

export interface ToolbarActions {
  setLocation(id: string): void;
  setView(id: string | null): void;
  makeDefault(): void;
  setMode(mode: State['mode']): void;
  setDate(date: string): void;
  step(n: number): void;
  today(): void;
  setWholeDay(on: boolean): void;
  newAppointment(): void;
  toggleFindTime(): void;
  signOut(): void;
}

export interface Toolbar { el: HTMLElement; update(state: State, ref: RefData): void; setLive(live: boolean): void }

export function toolbar(orgName: string, a: ToolbarActions): Toolbar {
  const location = h('select', { id: 'tb-location' });
  location.addEventListener('change', () => a.setLocation(location.value));
  const view = h('select', { id: 'tb-view' });
  view.addEventListener('change', () => a.setView(view.value || null));
  const makeDefault = h('button', { type: 'button', text: 'Make default', title: 'Open this view first next time' });
  makeDefault.addEventListener('click', () => a.makeDefault());
  const modes = (['day', 'week', 'month'] as const).map((m) => {
    const b = h('button', { type: 'button', 'data-mode': m, 'aria-pressed': 'false', text: m[0]!.toUpperCase() + m.slice(1) });
    b.addEventListener('click', () => a.setMode(m));
    return b;
  });
  const prev = h('button', { type: 'button', 'aria-label': 'Previous', title: 'Previous (←)', text: '←' });
  prev.addEventListener('click', () => a.step(-1));
  const next = h('button', { type: 'button', 'aria-label': 'Next', title: 'Next (→)', text: '→' });
  next.addEventListener('click', () => a.step(1));
  const today = h('button', { type: 'button', title: 'Today (t)', text: 'Today' });
  today.addEventListener('click', () => a.today());
  const date = h('input', { id: 'tb-date', type: 'date', required: true });
  date.addEventListener('change', () => date.value && a.setDate(date.value));
  const whole = h('input', { id: 'tb-whole', type: 'checkbox' });
  whole.addEventListener('change', () => a.setWholeDay(whole.checked));
  const book = h('button', { type: 'button', class: 'primary', text: 'New appointment' });
  book.addEventListener('click', () => a.newAppointment());
  const find = h('button', { type: 'button', 'aria-expanded': 'false', 'aria-controls': 'find-time', text: 'Find a time' });
  find.addEventListener('click', () => a.toggleFindTime());
  const live = h('span', { class: 'live', 'data-testid': 'live', text: 'Connecting…' });
  const out = h('button', { type: 'button', text: 'Sign out' });
  out.addEventListener('click', () => a.signOut());
  const el = h('header', { class: 'toolbar' },
    h('h1', {}, h('span', { class: 'brand', text: 'chairtime' }), h('span', { class: 'org', text: orgName })),
    h('div', { class: 'tb-group' }, h('label', { for: 'tb-location', text: 'Location' }), location),
    h('div', { class: 'tb-group' }, h('label', { for: 'tb-view', text: 'View' }), view, makeDefault),
    h('div', { class: 'tb-group', role: 'group', 'aria-label': 'Calendar' }, ...modes),
    h('div', { class: 'tb-group' }, prev, h('label', { for: 'tb-date', class: 'visually-hidden', text: 'Date' }), date, next, today),
    h('div', { class: 'tb-group' }, whole, h('label', { for: 'tb-whole', text: 'Whole day' })),
    h('div', { class: 'tb-group' }, book, find), h('div', { class: 'tb-group tb-end' }, live, out));
  return {
    el,
    update(state, ref) {
      location.replaceChildren(...ref.locations.map((l) => h('option', { value: l.id, text: l.name })));
      location.value = state.locationId;
      const views = ref.views.filter((v) => v.location.id === state.locationId);
      view.replaceChildren(h('option', { value: '', text: 'No view (all chairs)' }), ...views.map((v) => h('option', {
        value: v.id, text: `${v.name}${v.keyboard_shortcut ? ` (Ctrl+${v.keyboard_shortcut})` : ''}${v.is_default ? ' ★' : ''}`,
      })));
      view.value = state.viewId ?? '';
      makeDefault.disabled = !state.viewId || !!views.find((v) => v.id === state.viewId)?.is_default;
      for (const b of modes) b.setAttribute('aria-pressed', String(b.getAttribute('data-mode') === state.mode));
      date.value = state.date;
      whole.checked = state.wholeDay;
      whole.disabled = state.mode !== 'day';
    },
    setLive(on) {
      live.textContent = on ? 'Live' : 'Reconnecting…';
      live.classList.toggle('on', on);
    },
  };
}

export function setFindExpanded(tb: Toolbar, open: boolean): void {
  tb.el.querySelector('[aria-controls="find-time"]')?.setAttribute('aria-expanded', String(open));
}
