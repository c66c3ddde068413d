// A card's menu: what the appointment is, the status changes its status allows (confirm, complete, break,
// cancel), each sent with the version the page read, and the patient's flow through the visit (arrived,
// seated …: the organisation's active flow statuses), which only appends an event and so needs no version.
import { ApiError } from './api.ts';
import { h } from './dom.ts';
import type { Ctx } from './ctx.ts';
import { describe } from './cards.ts';
import type {
  AppointmentBreak, AppointmentCancel, AppointmentTransition, CalendarAppointment, ConfirmationStatusUpdate, Definition, FlowStatusSet, Page,
  PatientFlowStatus,
} from './types.ts';

type Body = AppointmentTransition | AppointmentBreak | AppointmentCancel | ConfirmationStatusUpdate | FlowStatusSet;

export function openCardMenu(ctx: Ctx, a: CalendarAppointment, changed: (msg: string) => void): void {
  const error = h('p', { class: 'error', role: 'alert', 'data-testid': 'menu-error' });
  const actions = h('div', { class: 'menu-actions' });
  const flow = h('div', { class: 'menu-actions', role: 'group', 'aria-label': 'Patient flow' });
  const close = h('button', { type: 'button', text: 'Close' });
  const dialog = h('dialog', { 'aria-labelledby': 'menu-title', class: 'card-menu', 'data-testid': 'card-menu' },
    h('h2', { id: 'menu-title', text: a.patient.name && !ctx.view()?.privacy_mode ? a.patient.name : 'Appointment' }),
    h('p', { text: describe(ctx, a) }), a.note ? h('p', { class: 'hint', text: `Note: ${a.note}` }) : null, actions, flow, error,
    h('div', { class: 'actions' }, close));
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
