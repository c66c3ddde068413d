// The signed-in page: reads the reference data, draws the day, week or month, and keeps it current.
import { Api, ApiError } from './api.ts';
import { announce, h } from './dom.ts';
import type { Ctx, MoveTarget } from './ctx.ts';
import { openBookDialog } from './book-dialog.ts';
import { openCardMenu } from './card-menu.ts';
import { patientLabel } from './cards.ts';
import { renderDay } from './day-view.ts';
import { findTimePanel } from './find-time.ts';
import { listen, type AppointmentNotice } from './live.ts';
import { renderMonth } from './month-view.ts';
import type { Session } from './session.ts';
import { initialView, loadRefData, type State } from './state.ts';
import { addDays, hhmm, localDate, mondayOf, shortDate, todayIn, wallTime } from './time.ts';
import { setFindExpanded, toolbar } from './toolbar.ts';
import type { AppointmentMove, AppointmentUpdate, CalendarAppointment, DailyCalendar, MonthlyCalendar, ScheduleView, WeeklyCalendar } from './types.ts';
import { renderWeek } from './week-view.ts';
import { Temporal } from 'temporal-polyfill';
import { bindKeys } from './keys.ts';

export async function startApp(root: HTMLElement, session: Session, signOut: () => void): Promise<() => void> {
  const api = new Api(session.orgId, session.token);
  const ref = await loadRefData(api);
  const first = ref.locations[0];
  if (!first) throw new Error('This organisation has no active location yet.');
  const startView = initialView(ref, first.id);
  const state: State = {
    mode: startView?.view_type === 'weekly' ? 'week' : 'day', locationId: first.id, date: todayIn(first.timezone),
    viewId: startView?.id ?? null, wholeDay: false, day: null, week: null, month: null, freeTime: [],
  };
  const message = h('p', { class: 'message', role: 'alert', 'data-testid': 'message' });
  const canvas = h('div', { class: 'canvas' });
  let findOpen = false;
  let panel: HTMLElement | null = null;
  let loading = 0;

  const timeZone = () => ref.locations.find((l) => l.id === state.locationId)?.timezone ?? 'UTC';
  const view = (): ScheduleView | null => ref.views.find((v) => v.id === state.viewId) ?? null;
  const say = (text: string, kind: 'error' | 'info' = 'info') => {
    message.textContent = text;
    message.className = `message ${kind}`;
  };

  let held = false;
  let drawHeld = false;
  const draw = () => {
    if (held) return void (drawHeld = true);
    tb.update(state, ref);
    const el = state.mode === 'day' && state.day ? renderDay(ctx, state.day)
      : state.mode === 'week' && state.week ? renderWeek(ctx, state.week)
        : state.mode === 'month' && state.month ? renderMonth(ctx, state.month) : h('p', { text: 'Loading…' });
    // A redraw of the same day (a live update, a move) keeps the grid scrolled where the person had it.
    const old = canvas.querySelector<HTMLElement>('section.day .day-scroll');
    const same = old && old.closest('section.day')?.getAttribute('data-date') === el.getAttribute('data-date');
    const scroll = same ? { top: old.scrollTop, left: old.scrollLeft } : null;
    canvas.replaceChildren(el);
    const now = el.querySelector<HTMLElement>('.day-scroll');
    if (scroll && now) {
      now.scrollTop = scroll.top;
      now.scrollLeft = scroll.left;
    }
  };

  const load = async () => {
    const mine = ++loading;
    const q = { location_uuid: state.locationId, view_uuid: state.viewId ?? undefined };
    try {
      if (state.mode === 'day') {
        const day = await api.get<DailyCalendar>('/schedule/calendar/daily', { ...q, target_date: state.date });
        if (mine === loading) state.day = day;
      } else if (state.mode === 'week') {
        const week = await api.get<WeeklyCalendar>('/schedule/calendar/weekly', { ...q, week_start: mondayOf(state.date) });
        if (mine === loading) state.week = week;
      } else {
        const month = await api.get<MonthlyCalendar>('/schedule/calendar/monthly', { location_uuid: state.locationId, month: state.date.slice(0, 7) });
        if (mine === loading) state.month = month;
      }
      if (mine === loading) draw();
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) return signOut();
      say(err instanceof ApiError ? err.message : 'The server could not be reached.', 'error');
    }
  };

  const go = (patch: Partial<State>) => {
    Object.assign(state, patch);
    tb.update(state, ref);
    void load();
  };

  const move = async (a: CalendarAppointment, target: MoveTarget | null) => {
    if (!target || !a.start_time || !a.end_time) return draw();
    const tz = timeZone();
    const length = Date.parse(a.end_time) - Date.parse(a.start_time);
    const endAt = target.startAt + length;
    if (target.startAt === Date.parse(a.start_time) && target.operatoryId === a.operatory?.id) return draw();
    if (localDate(endAt, tz) !== target.date) {
      say('An appointment must end on the day it starts.', 'error');
      return draw();
    }
    const chair = ref.operatories.get(target.operatoryId)?.name ?? 'the chair';
    try {
      const body: AppointmentMove = {
        base_version: a.version, schedule_date: target.date, start_time: wallTime(target.startAt, tz), end_time: wallTime(endAt, tz),
        operatory_uuid: target.operatoryId,
      };
      await api.post(`/appointments/${a.id}/move`, body);
      const day = target.date === a.schedule_date ? '' : `${shortDate(target.date)} `;
      say(`Moved ${patientLabel(ctx, a)} to ${day}${hhmm(wallTime(target.startAt, tz))}, ${chair}.`);
      announce(message.textContent ?? '');
    } catch (err) {
      draw();
      say(`Could not move ${patientLabel(ctx, a)}: ${err instanceof ApiError ? err.message : 'the server could not be reached.'}`, 'error');
    }
    await load();
  };

  const resize = async (a: CalendarAppointment, endAt: number, snapBack: () => void) => {
    if (!a.start_time || !a.end_time || !a.schedule_date) return snapBack();
    if (endAt === Date.parse(a.end_time)) return snapBack();
    const tz = timeZone();
    const who = patientLabel(ctx, a);
    // An end at midnight would be 24:00, which is not a wall-clock time the API takes.
    if (endAt <= Date.parse(a.start_time) || localDate(endAt, tz) !== a.schedule_date) {
      snapBack();
      return say(`Could not change when ${who} ends: an appointment must end after it starts and before midnight.`, 'error');
    }
    const end = wallTime(endAt, tz);
    try {
      await api.patch(`/appointments/${a.id}`, { base_version: a.version, end_time: end } satisfies AppointmentUpdate);
      say(`${who} now ends at ${hhmm(end)}.`);
      announce(message.textContent ?? '');
    } catch (err) {
      snapBack();
      say(`Could not change when ${who} ends: ${err instanceof ApiError ? err.message : 'the server could not be reached.'}`, 'error');
    }
    await load();
  };

  const ctx: Ctx = {
    api, ref, state, view, timeZone, now: () => Date.now(),
    openBooking: (start) => openBookDialog(ctx, start, (appt) => {
      say(`Booked ${patientLabel(ctx, appt)} at ${appt.start_time?.slice(11, 16)}, ${appt.operatory?.name ?? ''}.`);
      void load();
    }),
    openCardMenu: (a) => openCardMenu(ctx, a, (msg) => { say(msg); void load(); }),
    move,
    resize,
    gotoDay: (date) => go({ mode: 'day', date }),
    holdDraw: (on, redraw = true) => {
      held = on;
      if (on) return;
      if (drawHeld && redraw) draw();
      drawHeld = false;
    },
  };

  const step = (n: number) => {
    const d = Temporal.PlainDate.from(state.date);
    const date = state.mode === 'day' ? addDays(state.date, n) : state.mode === 'week' ? addDays(state.date, 7 * n) : d.add({ months: n }).toString();
    go({ date });
  };
  const setView = (id: string | null) => {
    const v = ref.views.find((x) => x.id === id);
    go({ viewId: id, ...(v ? { locationId: v.location.id, mode: v.view_type === 'weekly' ? 'week' : 'day' } : {}) });
  };
  const tb = toolbar(session.orgName, {
    setLocation: (id) => go({ locationId: id, viewId: initialView(ref, id)?.id ?? null, freeTime: [] }),
    setView,
    makeDefault: async () => {
      if (!state.viewId) return;
      try {
        await api.post(`/schedule/views/${state.viewId}/set-default`);
        ref.views = (await loadRefData(api)).views;
        say('This view now opens first.');
        tb.update(state, ref);
      } catch (err) {
        say(err instanceof ApiError ? err.message : 'The server could not be reached.', 'error');
      }
    },
    setMode: (mode) => go({ mode }),
    setDate: (date) => go({ date }),
    step,
    today: () => go({ date: todayIn(timeZone()) }),
    setWholeDay: (on) => { state.wholeDay = on; draw(); },
    newAppointment: () => ctx.openBooking({ date: state.date, time: view()?.start_time ?? '09:00:00' }),
    toggleFindTime: () => {
      findOpen = !findOpen;
      setFindExpanded(tb, findOpen);
      if (findOpen) {
        panel = findTimePanel(ctx, draw, (s) => {
          if (s.date !== state.date || state.mode !== 'day') go({ mode: 'day', date: s.date });
          ctx.openBooking(s);
        });
        panel.id = 'find-time';
        layout.append(panel);
        panel.querySelector('select')?.focus();
      } else {
        panel?.remove();
        state.freeTime = [];
        draw();
      }
    },
    signOut,
  });

  const shows = (n: AppointmentNotice) => {
    if (n.location_id !== state.locationId || !n.date) return false;
    if (state.mode === 'day') return n.date === state.date;
    if (state.mode === 'week') return n.date >= mondayOf(state.date) && n.date <= addDays(mondayOf(state.date), 6);
    return n.date.slice(0, 7) === state.date.slice(0, 7);
  };
  let pending = 0;
  const stopLive = listen(api, (n) => {
    if (!shows(n)) return;
    clearTimeout(pending);
    pending = window.setTimeout(() => void load(), 100);
  }, () => void load(), (on) => tb.setLive(on));
  const unbind = bindKeys({ step, today: () => go({ date: todayIn(timeZone()) }), shortcut: (n) => {
    const v = ref.views.find((x) => x.keyboard_shortcut === n);
    if (v) setView(v.id);
  } });

  const main = h('main', { id: 'calendar', tabindex: -1 }, message, canvas);
  const layout = h('div', { class: 'layout' }, main);
  root.replaceChildren(tb.el, layout);
  tb.update(state, ref);
  await load();
  return () => {
    stopLive();
    unbind();
  };
}
