// An appointment card: a button (keyboard reachable, read as one sentence), coloured by its type, with its
// provider's colour as a stripe.
import { css, h, textOn } from './dom.ts';
import type { Ctx } from './ctx.ts';
import { hhmm } from './time.ts';
import type { CalendarAppointment } from './types.ts';

const FALLBACK = '#90caf9';
const STATUS_WORDS: Record<string, string> = {
  planned: 'planned', scheduled: 'scheduled', complete: 'complete', broken: 'broken (missed)', cancelled: 'cancelled',
  unscheduled: 'unscheduled', pinboard: 'on the pinboard',
};

export function patientLabel(ctx: Ctx, a: CalendarAppointment): string {
  return ctx.view()?.privacy_mode ? 'Patient (hidden)' : (a.patient.name ?? 'Patient');
}

function fill(ctx: Ctx, a: CalendarAppointment): string {
  if (a.status === 'complete') return '#c8e6c9';
  if (a.status === 'broken') return '#eeeeee';
  if (a.color_override) return a.color_override;
  return (a.appointment_type && ctx.ref.typesById.get(a.appointment_type.id)?.color) || FALLBACK;
}

/** What a screen reader says for a card. */
export function describe(ctx: Ctx, a: CalendarAppointment): string {
  const time = `${hhmm(a.start_time!.slice(11, 19))} to ${hhmm(a.end_time!.slice(11, 19))}`;
  return [
    patientLabel(ctx, a), time, a.appointment_type?.name, a.provider?.name ? `with ${a.provider.name}` : null, a.operatory?.name,
    STATUS_WORDS[a.status], a.confirmation_status_label, a.flow_status?.name,
  ].filter(Boolean).join(', ');
}

export function appointmentCard(ctx: Ctx, a: CalendarAppointment): HTMLButtonElement {
  const bg = fill(ctx, a);
  const providerColor = (a.provider && ctx.ref.providers.get(a.provider.id)?.color) || '#546e7a';
  const view = ctx.view();
  const card = h('button', {
    type: 'button', class: `card status-${a.status}`,
    'data-appointment-id': a.id, 'data-operatory-id': a.operatory?.id, 'data-start': a.start_time, 'data-end': a.end_time,
    'data-testid': 'appointment-card',
  },
  h('span', { class: 'card-line card-patient', text: patientLabel(ctx, a) }),
  h('span', { class: 'card-line', text: `${hhmm(a.start_time!.slice(11, 19))}–${hhmm(a.end_time!.slice(11, 19))} ${a.appointment_type?.name ?? ''}` }),
  h('span', { class: 'card-line', text: [a.provider?.name, a.confirmation_status_label, a.flow_status?.name].filter(Boolean).join(' · ') }),
  a.status !== 'scheduled' ? h('span', { class: 'card-line card-status', text: STATUS_WORDS[a.status] ?? a.status }) : null,
  view?.show_production ? h('span', { class: 'card-line', text: `$${a.production_amount}` }) : null,
  h('span', { class: 'visually-hidden', text: `, ${[a.operatory?.name, a.status === 'scheduled' ? 'scheduled' : null].filter(Boolean).join(', ')}` }));
  css(card, { background: bg, color: textOn(bg), 'border-left-color': providerColor });
  return card;
}
