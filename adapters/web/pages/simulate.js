// The simulation box of the workflows page: walks a hypothetical case
// through the workflow in the editor (or, when the editor is empty, the
// workflow shown) with POST /api/workflows/simulate, and shows each step's
// state and deadlines and every binding deadline missed, as `wageflow
// simulate` prints them (docs/simulate.md).
import {ApiError, request} from '../api.js';
import {h, replace, uid} from '../dom.js';
import {hasWords, label, t} from '../i18n.js';
import {caseStatusText, explanation, timerStatusText} from '../format.js';

// "claim_amount=8600, worker_name=张三" -> {claim_amount: '8600', ...}; the
// first part without "=" is returned as `bad`.
export function parseValues(text) {
  const values = {};
  for (const part of text.split(/[,，]/).map((p) => p.trim()).filter(Boolean)) {
    const equals = part.indexOf('=');
    if (equals <= 0) return {bad: part};
    values[part.slice(0, equals).trim()] = part.slice(equals + 1).trim();
  }
  return {values};
}

function summary(answer) {
  const last = answer.steps[answer.steps.length - 1];
  let text;
  if (answer.error) text = answer.error;
  else if (last && last.refused) text = t('simulate_refused', {step: last.index, written: last.written, message: last.refused});
  else if (answer.missed.length) text = t('simulate_missed', {n: answer.missed.length});
  else text = t('simulate_ok', {state: `${label(last.state_label, last.state)} (${last.state})`, status: caseStatusText(last.status)});
  return h('p', {class: `validate-summary ${answer.ok ? 'valid' : 'invalid'}`, role: 'status'}, text);
}

// "2025-02-05 09:00（周三）" from the answer's {local, weekday}.
function atText(at) {
  return t('simulate_at', {local: at.local, weekday: t(`weekday_${at.weekday}`)});
}

// One thing the clock did between steps, in the page's language.
function clockText(record) {
  const timer = label(record.timer_label, record.event);
  // An expiry whose event was not fired: the engine's reason, as recorded.
  if (record.refused) {
    return t('simulate_clock', {at: atText(record.at), what: t('simulate_clock_not_fired', {timer, reason: record.refused})});
  }
  const key = `simulate_clock_${record.kind}`;
  const what = hasWords(key)
    ? t(key, {
      timer,
      event: record.event,
      state: label(record.to_state_label, record.to_state),
      role: label(record.escalated_to?.label, record.escalated_to?.name),
    })
    : `${record.kind} ${record.event}`;
  return t('simulate_clock', {at: atText(record.at), what});
}

function timerItem(timer) {
  const facts = [
    timer.binding ? t('simulate_binding') : t('simulate_internal'),
    timerStatusText(timer.status),
    `${t('due')} ${timer.due}`,
    timer.warn ? `${t('simulate_warn')} ${timer.warn}` : null,
    timer.extended ? t('simulate_extended', {n: timer.extended}) : null,
    timer.provisional ? t('provisional') : null,
  ].filter(Boolean);
  return h('li', {class: 'simulate-timer', 'data-timer': timer.name, 'data-due': timer.due},
    h('span', {class: 'simulate-timer-name'}, label(timer.label, timer.name), ' ', h('code', {}, timer.name)),
    h('span', {class: 'simulate-timer-facts'}, facts.join(' · ')),
    explanation(timer.explanation));
}

function stepItem(step) {
  const clockLines = step.clock_records.map(clockText);
  return h('li', {class: `simulate-step${step.refused ? ' simulate-step-refused' : ''}`, 'data-index': step.index},
    h('div', {class: 'simulate-step-head'},
      h('code', {}, `[${step.index}] ${step.written}`),
      h('span', {}, atText(step.at_local)),
      h('span', {class: 'muted'}, t('simulate_as', {role: label(step.role_label, step.role)}))),
    clockLines.length
      ? h('ul', {class: 'simulate-clock'}, clockLines.map((line) => h('li', {}, line)))
      : null,
    step.placeholders.length
      ? h('p', {class: 'muted'}, `${t('simulate_placeholders')}：${step.placeholders.join(', ')}`)
      : null,
    step.refused ? h('p', {class: 'form-message', role: 'alert'}, step.refused) : null,
    step.corrected ? h('p', {class: 'simulate-corrected'}, `${t('simulate_corrected')}：${step.corrected}`) : null,
    step.check && step.check.length
      ? h('ul', {class: 'simulate-check'}, step.check.map((line) => h('li', {}, `${t('simulate_check')}：${line}`)))
      : null,
    step.state
      ? h('p', {class: 'simulate-state'},
        `${t('simulate_state')}：${label(step.state_label, step.state)} (${step.state}) · ${caseStatusText(step.status)}`)
      : null,
    step.timers && step.timers.length
      ? h('ul', {class: 'simulate-timers'}, step.timers.map(timerItem))
      : null);
}

function missedList(answer) {
  if (!answer.missed.length) return null;
  return h('ul', {class: 'simulate-missed'}, answer.missed.map((m) => h('li', {'data-timer': m.timer},
    t('simulate_missed_item', {label: label(m.label, m.timer), timer: m.timer, due: m.due, how: t(`simulate_how_${m.how}`),
      at: atText(m.at_local), step: m.before_step}))));
}

// The box. `editorText()` is the YAML in the validation editor; `workflowId`
// the workflow shown on the page, simulated when the editor is empty.
// The server's refusal of a simulation in the page's language where it is
// one the page knows; else the server's words.
function simulationProblemText(error) {
  const problem = error.problem || {};
  switch (problem.reason) {
    case 'workflow-errors': return t('simulate_workflow_errors', {n: problem.errors});
    case 'bad-from': return t('simulate_bad_from', {from: problem.from});
    case 'bad-path': return t('simulate_bad_path', {detail: error.message.replace(/^path: /, '')});
    case 'calendar-text': return t('simulate_calendar_text');
    default: return error.message;
  }
}

export function simulateBox(editorText, workflowId) {
  const fromId = uid('from');
  const pathId = uid('path');
  const valuesId = uid('values');
  const from = h('input', {id: fromId, name: 'from', type: 'text', required: true, autocomplete: 'off',
    placeholder: '2025-01-20', 'aria-describedby': `${fromId}-help`});
  const path = h('input', {id: pathId, name: 'path', type: 'text', required: true, autocomplete: 'off',
    spellcheck: 'false', placeholder: 'accept@+2wd, start_mediation@+1d, settle{recovered_amount=8000}@+10d',
    'aria-describedby': `${pathId}-help`});
  path.style.maxWidth = '100%';
  const values = h('input', {id: valuesId, name: 'values', type: 'text', autocomplete: 'off',
    spellcheck: 'false', placeholder: 'claim_amount=8600'});
  const roleAny = h('input', {type: 'checkbox', name: 'role_any', id: uid('role-any')});
  const submit = h('button', {type: 'submit', class: 'button-primary'}, t('simulate_submit'));
  const results = h('div', {class: 'simulate-results', id: 'simulation', 'aria-live': 'polite'});
  const message = h('p', {class: 'form-message', role: 'alert', hidden: true});

  const form = h('form', {class: 'form simulate-form', novalidate: true},
    h('p', {class: 'form-note'}, t('simulate_intro')),
    h('div', {class: 'field'}, h('label', {for: fromId}, t('simulate_from')),
      h('span', {class: 'field-hint', id: `${fromId}-help`}, t('simulate_from_hint')), from),
    h('div', {class: 'field'}, h('label', {for: pathId}, t('simulate_path')),
      h('span', {class: 'field-hint', id: `${pathId}-help`}, t('simulate_path_hint')), path),
    h('div', {class: 'field'}, h('label', {for: valuesId}, t('simulate_values')), values),
    h('div', {class: 'field field-inline'}, h('label', {}, roleAny, ' ', t('simulate_role_any'))),
    message,
    h('div', {class: 'form-actions'}, submit));

  // A message replaces the results of an earlier run, which no longer
  // answer what the form now says.
  const show = (text) => {
    message.hidden = !text;
    message.textContent = text || '';
    if (text) replace(results);
  };
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    show('');
    if (!from.value.trim()) return (show(t('simulate_need_from')), from.focus());
    if (!path.value.trim()) return (show(t('simulate_need_path')), path.focus());
    const parsed = parseValues(values.value);
    if (parsed.bad) return (show(t('simulate_bad_value', {part: parsed.bad})), values.focus());
    const text = editorText().trim() ? editorText() : '';
    if (!text && !workflowId) return show(t('simulate_need_workflow'));
    const body = {from: from.value.trim(), path: path.value.trim(), values: parsed.values,
      role_any: roleAny.checked};
    if (text) body.text = text;
    else body.workflow = workflowId;
    submit.disabled = true;
    try {
      const answer = await request('POST', '/api/workflows/simulate', {json: body});
      replace(results,
        h('p', {class: 'muted'}, t('simulate_of', {workflow: answer.workflow, version: answer.version,
          calendar: answer.calendar})),
        summary(answer),
        missedList(answer),
        h('ol', {class: 'simulate-steps'}, answer.steps.map(stepItem)));
    } catch (error) {
      show(error instanceof ApiError ? simulationProblemText(error) : String(error));
    } finally {
      submit.disabled = false;
    }
  });
  return h('section', {class: 'panel', id: 'simulate', 'aria-labelledby': 'simulate-title'},
    h('h2', {id: 'simulate-title'}, t('simulate_title')), form, results);
}
