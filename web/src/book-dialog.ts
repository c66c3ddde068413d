// Booking: a modal form (patient search as you type, the type sets the length, provider, chair, time) that
// posts to /appointments and shows a refusal in the API's words.
import { ApiError } from './api.ts';
import { field, h } from './dom.ts';
import type { BookingStart, Ctx } from './ctx.ts';
import { chairsOf } from './state.ts';
import { addMinutesToWall, hhmm } from './time.ts';
import type { Appointment, AppointmentCreate, Page, Patient } from './types.ts';

function patientPicker(ctx: Ctx, onPick: (p: Patient | null) => void): HTMLElement {
  const input = h('input', { type: 'search', autocomplete: 'off', placeholder: 'Name or chart number', 'aria-describedby': 'book-patient-help' });
  const results = h('ul', { class: 'patient-results', 'aria-label': 'Matching patients' });
  const chosen = h('p', { id: 'book-patient-help', class: 'hint', text: 'Type at least two letters.' });
  let timer = 0;
  let asked = 0;
  input.addEventListener('input', () => {
    onPick(null);
    clearTimeout(timer);
    const q = input.value.trim();
    results.replaceChildren();
    if (q.length < 2) return;
    timer = window.setTimeout(async () => {
      const mine = ++asked;
      const page = await ctx.api.get<Page<Patient>>('/patients', { q, is_active: true, page_size: 8 });
      if (mine !== asked) return;
      chosen.textContent = page.items.length ? `${page.total} found` : 'No patient matches.';
      results.replaceChildren(...page.items.map((p) => {
        const b = h('button', { type: 'button', class: 'patient-option', text: `${p.name}${p.birth_date ? ` (born ${p.birth_date})` : ''}` });
        b.addEventListener('click', () => {
          onPick(p);
          input.value = p.name;
          chosen.textContent = `Selected: ${p.name}`;
          results.replaceChildren();
        });
        return h('li', {}, b);
      }));
    }, 200);
  });
  return h('div', {}, field('Patient', input, 'book-patient'), chosen, results);
}

export function openBookDialog(ctx: Ctx, start: BookingStart, done: (a: Appointment) => void): void {
  const tz = ctx.timeZone();
  let patient: Patient | null = null;
  const location = ctx.ref.locations.find((l) => l.id === ctx.state.locationId)!;
  const typeSel = h('select', {}, h('option', { value: '', text: 'No type' }),
    ...ctx.ref.types.map((t) => h('option', { value: t.id, text: `${t.name} (${t.duration_minutes} min)` })));
  const length = h('input', { type: 'number', min: 5, max: 720, step: 5, value: 30 });
  const setType = (id: string) => {
    typeSel.value = id;
    const t = ctx.ref.typesById.get(id);
    if (t) length.value = String(t.duration_minutes);
  };
  setType(start.typeId ?? location.default_appointment_type_uuid ?? '');
  if (start.minutes) length.value = String(start.minutes);
  typeSel.addEventListener('change', () => setType(typeSel.value));
  const providerSel = h('select', {}, h('option', { value: '', text: 'No provider' }),
    ...[...ctx.ref.providers.values()].filter((p) => p.is_active).map((p) => h('option', { value: p.id, text: p.name })));
  providerSel.value = start.providerId ?? '';
  const chairSel = h('select', {}, ...chairsOf(ctx.ref, ctx.state.locationId, ctx.state.day?.operatory_uuids).map((c) => h('option', { value: c.id, text: c.name })));
  if (start.operatoryId) chairSel.value = start.operatoryId;
  const date = h('input', { type: 'date', value: start.date, required: true });
  const time = h('input', { type: 'time', value: hhmm(start.time), step: 300, required: true });
  const error = h('p', { class: 'error', role: 'alert', 'data-testid': 'book-error' });
  const submit = h('button', { type: 'submit', class: 'primary', text: 'Book' });
  const cancel = h('button', { type: 'button', text: 'Cancel' });
  const form = h('form', { method: 'dialog', class: 'book-form' },
    h('h2', { id: 'book-title', text: 'New appointment' }),
    patientPicker(ctx, (p) => { patient = p; }),
    field('Appointment type', typeSel, 'book-type'), field('Length (minutes)', length, 'book-length'),
    field('Provider', providerSel, 'book-provider'), field('Chair', chairSel, 'book-chair'),
    field('Date', date, 'book-date'), field('Start', time, 'book-time'), error,
    h('div', { class: 'actions' }, cancel, submit));
  const dialog = h('dialog', { 'aria-labelledby': 'book-title', 'data-testid': 'book-dialog' }, form);
  cancel.addEventListener('click', () => dialog.close());
  dialog.addEventListener('close', () => dialog.remove());
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    if (!patient) return void (error.textContent = 'Choose a patient from the list first.');
    const end = addMinutesToWall(date.value, `${time.value}:00`, Number(length.value), tz);
    if (end.date !== date.value) return void (error.textContent = 'The appointment must end on the day it starts.');
    submit.disabled = true;
    try {
      const body: AppointmentCreate = {
        patient_uuid: patient.id, location_uuid: ctx.state.locationId, operatory_uuid: chairSel.value,
        appointment_type_uuid: typeSel.value || null, provider_uuid: providerSel.value || null,
        schedule_date: date.value, start_time: `${time.value}:00`, end_time: end.time,
      };
      const appt = await ctx.api.post<Appointment>('/appointments', body);
      dialog.close();
      done(appt);
    } catch (err) {
      error.textContent = err instanceof ApiError ? err.message : 'The server could not be reached.';
    } finally {
      submit.disabled = false;
    }
  });
  document.body.append(dialog);
  dialog.showModal();
  (form.querySelector('#book-patient') as HTMLInputElement).focus();
}
