// The six preset view templates (GET /schedule/views/templates): what a new practice sees first. Each is a
// complete card layout, bubble layout and colour scheme; a view applies one by copying the three objects.
import type { BubbleLayout, CardLayout, ColorConfig } from './layouts.ts';

export interface ViewPreset {
  key: string;
  name: string;
  description: string;
  card_layout: CardLayout;
  bubble_layout: BubbleLayout;
  color_config: ColorConfig;
}

// Done and missed look the same in every preset, so a practice reads them alike whichever view is open.
const COMPLETE = '#BDBDBD';
const BROKEN = '#EF9A9A';

export const STANDARD_PRESET: ViewPreset = {
  key: 'standard',
  name: 'Standard',
  description: 'Time and patient, then the type and provider; coloured by appointment type. What a new view gets.',
  card_layout: { lines: [['time', 'patient_name'], ['appointment_type'], ['provider']], icons: ['new_patient', 'confirmed', 'note'] },
  bubble_layout: {
    sections: [
      { title: 'Patient', fields: ['patient_name', 'preferred_name', 'age', 'chart_number', 'mobile_phone'] },
      { title: 'Appointment', fields: ['time', 'appointment_type', 'provider', 'operatory', 'confirmation_status', 'note'] },
    ],
    delay_ms: 400,
  },
  color_config: {
    color_by: 'appointment_type', fallback_color: '#90CAF9', text_color: 'auto', complete_color: COMPLETE, broken_color: BROKEN, dim_past: true,
  },
};

const FRONT_DESK: ViewPreset = {
  key: 'front_desk',
  name: 'Front desk',
  description: 'Confirmation and phone number up front for confirmation calls; coloured by confirmation status.',
  card_layout: { lines: [['patient_name', 'confirmation_status'], ['mobile_phone'], ['time', 'appointment_type']], icons: ['new_patient', 'confirmed', 'note'] },
  bubble_layout: {
    sections: [
      { title: 'Patient', fields: ['patient_name', 'preferred_name', 'mobile_phone', 'chart_number'] },
      { title: 'Account', fields: ['balance_due'] },
      { title: 'Visit', fields: ['time', 'appointment_type', 'provider', 'confirmation_status', 'note'] },
    ],
    delay_ms: 300,
  },
  color_config: {
    color_by: 'confirmation_status', fallback_color: '#FFE082', text_color: 'auto', complete_color: COMPLETE, broken_color: BROKEN, dim_past: true,
  },
};

const DOCTOR: ViewPreset = {
  key: 'doctor',
  name: 'Doctor',
  description: 'Patient and age, the work planned and its production (with show_production on) and the note; coloured by appointment type.',
  card_layout: { lines: [['patient_name', 'age'], ['appointment_type', 'production'], ['note']], icons: ['new_patient', 'note', 'tags'] },
  bubble_layout: {
    sections: [
      { title: 'Patient', fields: ['patient_name', 'age', 'chart_number'] },
      { title: 'Treatment', fields: ['appointment_type', 'provider', 'production', 'tags', 'note'] },
    ],
    delay_ms: 400,
  },
  color_config: {
    color_by: 'appointment_type', fallback_color: '#A5D6A7', text_color: 'auto', complete_color: COMPLETE, broken_color: BROKEN, dim_past: true,
  },
};

const HYGIENE: ViewPreset = {
  key: 'hygiene',
  name: 'Hygiene',
  description: 'Patient, visit type and hygienist; coloured by provider so each hygienist\'s column reads at a glance.',
  card_layout: { lines: [['patient_name'], ['appointment_type', 'provider'], ['tags']], icons: ['new_patient', 'note'] },
  bubble_layout: {
    sections: [
      { title: 'Patient', fields: ['patient_name', 'preferred_name', 'age'] },
      { title: 'Visit', fields: ['time', 'appointment_type', 'provider', 'operatory', 'tags'] },
    ],
    delay_ms: 400,
  },
  color_config: {
    color_by: 'provider', fallback_color: '#80DEEA', text_color: 'auto', complete_color: COMPLETE, broken_color: BROKEN, dim_past: true,
  },
};

const PATIENT_FLOW: ViewPreset = {
  key: 'patient_flow',
  name: 'Patient flow',
  description: 'Where each patient is today (checked in, seated …) by chair; coloured by flow status, past visits not dimmed.',
  card_layout: { lines: [['patient_name', 'flow_status'], ['time', 'operatory']], icons: ['new_patient', 'confirmed'] },
  bubble_layout: {
    sections: [
      { title: 'Visit', fields: ['flow_status', 'time', 'operatory', 'provider'] },
      { title: 'Patient', fields: ['patient_name', 'mobile_phone'] },
    ],
    delay_ms: 300,
  },
  color_config: {
    color_by: 'flow_status', fallback_color: '#CE93D8', text_color: 'auto', complete_color: COMPLETE, broken_color: BROKEN, dim_past: false,
  },
};

const PUBLIC_DISPLAY: ViewPreset = {
  key: 'public_display',
  name: 'Public display',
  description: 'For screens patients can see: times and visit types only, no patient fields; use with privacy_mode on.',
  card_layout: { lines: [['time'], ['appointment_type']], icons: [] },
  bubble_layout: { sections: [{ title: 'Visit', fields: ['time', 'appointment_type', 'provider', 'operatory'] }], delay_ms: 600 },
  color_config: {
    color_by: 'provider', fallback_color: '#B0BEC5', text_color: 'auto', complete_color: COMPLETE, broken_color: BROKEN, dim_past: true,
  },
};

/** The six presets, in the order a template picker shows them. */
export const VIEW_PRESETS: readonly ViewPreset[] = [STANDARD_PRESET, FRONT_DESK, DOCTOR, HYGIENE, PATIENT_FLOW, PUBLIC_DISPLAY];
