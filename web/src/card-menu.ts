// A card's menu: what the appointment is, the status changes its status allows (confirm, complete, break,
// cancel), each sent with the version the page read, the patient's flow through the visit (arrived,
// seated …: the organisation's active flow statuses), which only appends an event and so needs no version, and
// for a scheduled one a form to change its date, start, end and chair: what dragging and resizing do, by keyboard.
import { ApiError } from './api.ts';
import { field, h } from './dom.ts';
import { chairsOf } from './state.ts';
import { hhmm } from './time.ts';
import type { Ctx } from './ctx.ts';
import { describe } from './cards.ts';
import type {
  AppointmentBreak, AppointmentCancel, AppointmentMove, AppointmentTransition, CalendarAppointment, ConfirmationStatusUpdate, Definition, FlowStatusSet, Page,
  PatientFlowStatus,
} from './types.ts';

type Body = AppointmentTransition | AppointmentBreak | AppointmentCancel | ConfirmationStatusUpdate | FlowStatusSet;

/**
 * The date, start, end and chair of a scheduled appointment as a form; sends them as one move (with the version
 * the page read) and says a refusal in the API's words in `error`, leaving the form open to try another time.
 */
function rescheduleForm(ctx: Ctx, a: CalendarAppointment, error: HTMLElement, done: (msg: string) => void): HTMLElement {
  const date = h('input', { type: 'date', value: a.schedule_date ?? '', required: true });
  const start = h('input', { type: 'time', value: hhmm(a.start_time!.slice(11, 19)), step: 300, required: true });
  const end = h('input', { type: 'time', value: hhmm(a.end_time!.slice(11, 19)), step: 300, required: true });
  const chairs = chairsOf(ctx.ref, ctx.state.locationId).map((c) => ({ id: c.id, name: c.name }));
  // Its own chair is always offered (an inactive one is not in the list), so saving a new time never changes it unasked.
  if (a.operatory && !chairs.some((c) => c.id === a.operatory!.id)) chairs.unshift({ id: a.operatory.id, name: a.operatory.name ?? 'Its chair' });
  const chair = h('select', {}, ...chairs.map((c) => h('option', { value: c.id, text: c.name })));
  if (a.operatory) chair.value = a.operatory.id;
  const save = h('button', { type: 'submit', text: 'Save new time' });
  const form = h('form', { class: 'reschedule', 'aria-labelledby': 'reschedule-title', 'data-testid': 'reschedule-form' },
    h('h3', { id: 'reschedule-title', class: 'menu-heading', text: 'Change time or chair' }),
    field('Date', date, 'reschedule-date'), field('Starts', start, 'reschedule-start'), field('Ends', end, 'reschedule-end'),
    field('Chair', chair, 'reschedule-chair'), h('div', { class: 'menu-actions' }, save));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    if (end.value <= start.value) return void (error.textContent = 'The appointment must end after it starts, on the same day.');
    save.disabled = true;
    try {
      const body: AppointmentMove = {
        base_version: a.version, schedule_date: date.value, start_time: `${start.value}:00`, end_time: `${end.value}:00`, operatory_uuid: chair.value,
      };
      await ctx.api.post(`/appointments/${a.id}/move`, body);
      done(`Moved to ${date.value} ${start.value}–${end.value}, ${chair.selectedOptions[0]?.text ?? 'the chair'}`);
    } catch (err) {
      error.textContent = err instanceof ApiError ? err.message : 'The server could not be reached.';
    } finally {
      save.disabled = false;
    }
  });
  return form;
}

export function openCardMenu(ctx: Ctx, a: CalendarAppointment, changed: (msg: string) => void): void {
  const error = h('p', { class: 'error', role: 'alert', 'data-testid': 'menu-error' });
  const actions = h('div', { class: 'menu-actions' });
  const flow = h('div', { class: 'menu-actions', role: 'group', 'aria-label': 'Patient flow' });
  const close = h('button', { type: 'button', text: 'Close' });
  const dialog = h('dialog', { 'aria-labelledby': 'menu-title', class: 'card-menu', 'data-testid': 'card-menu' },
    h('h2', { id: 'menu-title', text: a.patient.name && !ctx.view()?.privacy_mode ? a.patient.name : 'Appointment' }),
    h('p', { text: describe(ctx, a) }), a.note ? h('p', { class: 'hint', text: `Note: ${a.note}` }) : null, actions, flow,
    a.status === 'scheduled' && a.start_time && a.end_time ? rescheduleForm(ctx, a, error, (msg) => {
      dialog.close();
      changed(msg);
    }) : null,
    error, h('div', { class: 'actions' }, close));
  const run = (label: string, path: string, body: Body, method: 'POST' | 'PATCH' = 'POST', where: HTMLElement = actions) => {
    const b = h('button', { type: 'button', text: label });
    b.addEventListener('click', async () => {
      try {
        await ctx.api.request(method, `/appointments/${a.id}${path}`, {}, body);
        dialog.close();
        changed(`${label}: done for ${describe(ctx, a)}`);
      } catch (err) {
        error.textContent = err instanceof ApiError ? err.message : 'The server could not be reached.';
      }
    });
    where.append(b);
    return b;
  };
  if (a.status === 'scheduled') {
    run('Complete', '/transition', { base_version: a.version, status: 'complete' });
    run('Break (missed)', '/break', { base_version: a.version });
  }
  if (a.status === 'planned' || a.status === 'scheduled' || a.status === 'broken') {
    run('Cancel appointment', '/cancel', { base_version: a.version, cancelled_by: 'practice' });
  }
  if (a.status === 'scheduled') {
    void ctx.api.get<Page<Definition>>('/appointments/confirmation-statuses', { page_size: 200 }).then((defs) => {
      for (const d of defs.items) {
        if (d.id !== a.confirmation_status?.id) run(`Mark “${d.name}”`, '/confirmation-status', { base_version: a.version, confirmation_status_uuid: d.id }, 'PATCH');
      }
    }).catch(() => undefined);
  }
  if (a.status === 'scheduled' || a.status === 'complete') {
    void ctx.api.get<Page<PatientFlowStatus>>('/schedule/flow-statuses', { include_inactive: false, page_size: 200 }).then((statuses) => {
      if (!statuses.items.length) return;
      flow.before(h('h3', { class: 'menu-heading', text: a.flow_status?.name ? `Patient flow: now ${a.flow_status.name}` : 'Patient flow' }));
      for (const s of statuses.items) {
        const b = run(s.name, '/patient-flow-status', { flow_status_uuid: s.id }, 'POST', flow);
        if (s.id === a.flow_status?.id) b.disabled = true;
      }
    }).catch(() => undefined);
  }
  close.addEventListener('click', () => dialog.close());
  dialog.addEventListener('close', () => dialog.remove());
  document.body.append(dialog);
  dialog.showModal();
  close.focus();
}
