// A card's menu: what the appointment is, and the status changes its status allows (confirm, complete,
// break, cancel), each sent with the version the page read.
import { ApiError } from './api.ts';
import { h } from './dom.ts';
import type { Ctx } from './ctx.ts';
import { describe } from './cards.ts';
import type { CalendarAppointment, Page } from './types.ts';

interface Definition { id: string; name: string; category: string }

export function openCardMenu(ctx: Ctx, a: CalendarAppointment, changed: (msg: string) => void): void {
  const error = h('p', { class: 'error', role: 'alert', 'data-testid': 'menu-error' });
  const actions = h('div', { class: 'menu-actions' });
  const close = h('button', { type: 'button', text: 'Close' });
  const dialog = h('dialog', { 'aria-labelledby': 'menu-title', class: 'card-menu', 'data-testid': 'card-menu' },
    h('h2', { id: 'menu-title', text: a.patient.name && !ctx.view()?.privacy_mode ? a.patient.name : 'Appointment' }),
    h('p', { text: describe(ctx, a) }), a.note ? h('p', { class: 'hint', text: `Note: ${a.note}` }) : null, actions, error,
    h('div', { class: 'actions' }, close));
  const run = (label: string, path: string, body: object, method: 'POST' | 'PATCH' = 'POST') => {
    const b = h('button', { type: 'button', text: label });
    b.addEventListener('click', async () => {
      try {
        await ctx.api.request(method, `/appointments/${a.id}${path}`, {}, { base_version: a.version, ...body });
        dialog.close();
        changed(`${label}: done for ${describe(ctx, a)}`);
      } catch (err) {
        error.textContent = err instanceof ApiError ? err.message : 'The server could not be reached.';
      }
    });
    actions.append(b);
  };
  if (a.status === 'scheduled') {
    run('Complete', '/transition', { status: 'complete' });
    run('Break (missed)', '/break', {});
  }
  if (a.status === 'planned' || a.status === 'scheduled' || a.status === 'broken') run('Cancel appointment', '/cancel', { cancelled_by: 'practice' });
  if (a.status === 'scheduled') {
    void ctx.api.get<Page<Definition>>('/definitions', { category: 'ApptConfirmed' }).then((defs) => {
      for (const d of defs.items) {
        if (d.id !== a.confirmation_status?.id) run(`Mark “${d.name}”`, '/confirmation-status', { confirmation_status_uuid: d.id }, 'PATCH');
      }
    }).catch(() => undefined);
  }
  close.addEventListener('click', () => dialog.close());
  dialog.addEventListener('close', () => dialog.remove());
  document.body.append(dialog);
  dialog.showModal();
  close.focus();
}
