// How times, statuses and deadline lights are shown.
import {h} from './dom.js';
import {explanationInChinese} from './explain.js';
import {label, locale, t} from './i18n.js';

// The shipped calendars are China Standard Time; the API's instants are UTC.
const ZONE_OFFSET_MINUTES = 8 * 60;

// "2025-01-24T01:30:00Z" -> "2025-01-24 09:30" (China Standard Time).
export function localTime(utc) {
  const at = Date.parse(utc);
  if (Number.isNaN(at)) return utc || '';
  const local = new Date(at + ZONE_OFFSET_MINUTES * 60000).toISOString();
  return `${local.slice(0, 10)} ${local.slice(11, 16)}`;
}

// The timer statuses that still count: shown as lights in lists.
export const LIVE_TIMER_STATUSES = ['overdue', 'warned', 'running', 'paused'];

const LIGHTS = {running: 'green', warned: 'amber', overdue: 'red', paused: 'grey'};

export function timerStatusText(status) {
  return t(`timer_${status}`);
}

export function caseStatusText(status) {
  return t(`status_${status}`);
}

// A light for a timer: a coloured dot (by status) with the status in words,
// so that colour is never the only signal.
export function timerLight(status) {
  const colour = LIGHTS[status] || 'off';
  return h(
    'span',
    {class: `light light-${colour}`, 'data-status': status},
    h('span', {class: 'light-dot', 'aria-hidden': 'true'}),
    h('span', {class: 'light-text'}, timerStatusText(status)),
  );
}

// The timer's definition in a workflow detail, if known.
export function timerDefinition(workflow, name) {
  return (workflow?.timers || []).find((timer) => timer.name === name);
}

export function timerName(workflow, name) {
  return label(timerDefinition(workflow, name)?.label, name);
}

// An event as the case page's buttons name it: 转至「已受理」 when every row
// of it leads to one state, 延长「…」 for a timer's extension; else its name
// (events have no labels of their own).
export function eventName(workflow, event) {
  const targets = new Set((workflow?.transitions || []).filter((row) => row.event === event)
    .map((row) => row.to));
  if (targets.size === 1) return t('action_to', {state: stateName(workflow, [...targets][0])});
  const extended = (workflow?.timers || []).find((timer) => timer.extend?.event === event);
  if (extended && !targets.size) return t('action_extend', {timer: timerName(workflow, extended.name)});
  return event;
}

// A role by the workflow's `role_labels:`, else its name.
export function roleName(workflow, role) {
  return label(workflow?.role_labels?.[role], role);
}

export function stateName(workflow, name) {
  const state = (workflow?.states || []).find((s) => s.name === name);
  return label(state?.label, name);
}

export function fieldDefinition(workflow, name) {
  return (workflow?.fields || []).find((field) => field.name === name);
}

export function fieldName(workflow, name) {
  return label(fieldDefinition(workflow, name)?.label, name);
}

export function workflowTitle(workflow, fallback) {
  return label(workflow?.title, fallback || workflow?.id || '');
}

// A field value as text: booleans in words, the rest as the API gives it.
export function valueText(value) {
  if (value === true) return t('yes');
  if (value === false) return t('no');
  if (value === null || value === undefined || value === '') return t('unset');
  return String(value);
}

// A value as the audit trail records it (every value as text) in the
// page's language: a yes/no field's "true" and "false" read 是 and 否.
export function recordedValueText(workflow, name, value) {
  if (fieldDefinition(workflow, name)?.type === 'bool' && (value === 'true' || value === 'false')) {
    return valueText(value === 'true');
  }
  return valueText(value);
}

// Sort key of a due text: dates ("2025-02-07") and local times
// ("2025-02-07T17:00") compare as text.
export function dueKey(timer) {
  return timer?.due || '9999';
}

// A due date's explanation in the page's language (the engine's English
// text when no Chinese form is known), with the engine's text as a tooltip.
export function explanation(text) {
  const shown = locale() === 'zh' ? explanationInChinese(text) || text : text;
  return h('p', {class: 'explanation', title: shown === text ? null : text},
    h('span', {class: 'visually-hidden'}, `${t('explanation')}: `), shown);
}

// "45 days", "5 working_days", "72 hours" in the page's language.
export function durationText(text) {
  const found = /^(\d+) (days|working_days|hours)$/.exec(text || '');
  return found ? t(`duration_${found[2]}`, {n: found[1]}) : text;
}
