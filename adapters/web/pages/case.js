// One case: its data, its deadlines with how each due date was computed,
// the steps this user can take now (a button each, with a form asking for
// the fields the step requires and the comment where one is required), and
// the timeline from the audit trail.
import {ApiError, get, newKey, request} from '../api.js';
import {h, replace, uid} from '../dom.js';
import {FieldControl, collectValues, showProblem, validateControls} from '../fields.js';
import {label, t} from '../i18n.js';
import {dropUnsent, keepUnsent, takeUnsent} from '../unsent.js';
import {
  LIVE_TIMER_STATUSES,
  caseStatusText,
  dueKey,
  durationText,
  eventName,
  explanation,
  fieldName,
  localTime,
  recordedValueText,
  roleName,
  stateName,
  timerDefinition,
  timerLight,
  timerName,
  valueText,
  workflowTitle,
} from '../format.js';

// Records whose due date is new: their explanation is shown.
const EXPLAINED_KINDS = ['timer_start', 'timer_resume', 'timer_recompute', 'extend'];
const TIMER_KINDS = ['timer_start', 'timer_stop', 'timer_pause', 'timer_resume', 'timer_recompute',
  'timer_warn', 'timer_overdue', 'timer_expire', 'escalate'];

function dataList(workflow, item) {
  const fields = workflow?.fields?.length
    ? workflow.fields
    : Object.keys(item.data || {}).map((name) => ({name}));
  return h('dl', {class: 'data-list'}, fields.map((field) => {
    const value = item.data?.[field.name];
    return h('div', {class: `data-row${value === undefined ? ' unset' : ''}`, 'data-field': field.name},
      h('dt', {}, label(field.label, field.name)),
      h('dd', {}, valueText(value)));
  }));
}

// Live timers first, nearest due first; then the stopped and expired ones.
function timerOrder(a, b) {
  const live = (timer) => (LIVE_TIMER_STATUSES.includes(timer.status) ? 0 : 1);
  return live(a) - live(b) || dueKey(a).localeCompare(dueKey(b));
}

function timerPanel(workflow, item) {
  if (!item.timers?.length) return h('p', {class: 'muted'}, t('no_deadlines'));
  return h('ul', {class: 'deadline-list'}, [...item.timers].sort(timerOrder).map((timer) => {
    const def = timerDefinition(workflow, timer.name);
    const notes = [];
    if (timer.warn) notes.push(`${t('warn_on')} ${timer.warn}`);
    // A paused deadline's date is the one before the suspension, perhaps
    // already passed: what it has left is what the clerk needs (counted
    // again from resumption), shown where the date would be.
    const paused = Boolean(timer.remaining);
    if (paused) notes.unshift(`${t('due_before_pause')} ${timer.due}`);
    // `on_suspend: run` (the legal-aid time to sue): the suspension does
    // not stop its clock, and a clerk who sees the case suspended must not
    // think it waits.
    if (item.status === 'suspended' && def?.on_suspend === 'run' &&
        ['running', 'warned', 'overdue'].includes(timer.status)) {
      notes.unshift(t('runs_through_suspension'));
    }
    if (timer.extended) notes.push(t('extended_times', {n: timer.extended}));
    if (timer.provisional) notes.push(t('provisional'));
    if (timer.expiry_held) {
      const key = timer.expiry_held_until === 'resume' ? 'expiry_held_resume' : 'expiry_held';
      notes.push(t(key, {event: eventName(workflow, timer.expiry_held)}));
    }
    // Its expiry event was not fired: the case waits here for staff (deadlines.md).
    if (timer.expiry_not_fired) notes.push(t('expiry_not_fired', {reason: timer.expiry_not_fired}));
    if (timer.escalated) notes.push(t('escalated'));
    if (def && def.binding === false) notes.push(t('not_binding'));
    return h(
      'li',
      {class: `deadline deadline-${timer.status}`, 'data-timer': timer.name, 'data-status': timer.status},
      h('div', {class: 'deadline-head'},
        timerLight(timer.status),
        h('span', {class: 'deadline-name'}, timerName(workflow, timer.name))),
      paused
        ? h('p', {class: 'deadline-due'}, h('strong', {}, t('paused_remaining', {left: durationText(timer.remaining)})))
        : h('p', {class: 'deadline-due'}, h('span', {class: 'due-label'}, t('due')), ' ', h('strong', {}, timer.due)),
      notes.length ? h('p', {class: 'deadline-notes'}, notes.join(' · ')) : null,
      timer.explanation ? explanation(timer.explanation) : null,
    );
  }));
}

function actionTitle(action) {
  if (action.kind === 'extension') return t('action_extend', {timer: label(action.timer.label, action.timer.name)});
  const states = action.to.map((s) => label(s.label, s.name)).join(' / ');
  return t('action_to', {state: states});
}

function recordSummary(workflow, record) {
  const kind = t(`kind_${record.kind}`);
  if (record.kind === 'fire') {
    // A move says what happened by its states; a step that stays in its
    // state has only the event's name to say it.
    if (record.from_state === record.to_state) {
      return [kind, h('code', {class: 'event-name'}, record.event), stateName(workflow, record.to_state)];
    }
    return [kind, `${stateName(workflow, record.from_state)} → ${stateName(workflow, record.to_state)}`];
  }
  if (record.kind === 'open') return [kind, stateName(workflow, record.to_state)];
  if (record.kind === 'extend') return [kind, timerName(workflow, record.data?.timer || record.event)];
  if (TIMER_KINDS.includes(record.kind)) return [kind, timerName(workflow, record.event)];
  return [kind];
}

// Why a timer started or stopped, as the engine records it ("case opened",
// "event accept", "case closed in state settled"), in the page's language.
function becauseText(workflow, because) {
  let found = because.match(/^event (\S+)$/);
  if (found) return t('because_event', {event: eventName(workflow, found[1])});
  found = because.match(/^case closed in state (\S+)$/);
  if (found) return t('because_closed', {state: stateName(workflow, found[1])});
  if (because === 'case opened') return t('because_opened');
  // timers recompute: after a year was added to the calendar, or corrected.
  found = because.match(/^counted again on calendar (\S+) as it is now: was due (\d{4}-\d{2}-\d{2})( \(provisional\))?$/);
  if (found) {
    return t(found[3] ? 'because_recounted_provisional' : 'because_recounted',
      {calendar: found[1], due: found[2]});
  }
  // timers recompute --all on a due date counted before counted_to was kept.
  found = because.match(/^counted again on calendar (\S+) to keep the day its count reached before rolling \(counted_to\): due date unchanged$/);
  if (found) return t('because_counted_to', {calendar: found[1]});
  // tick: an expiry held on a provisional due date (deadlines.md).
  found = because.match(/^the due date is provisional \(its year is not in calendar (\S+)\): (\S+) is not fired/);
  if (found) return t('because_expiry_held', {calendar: found[1], event: eventName(workflow, found[2])});
  // tick or recount: an expiry held in a suspended case, fired on the resume.
  found = because.match(/^the case is suspended: (\S+) is not fired until it is resumed$/);
  if (found) return t('because_expiry_held_resume', {event: eventName(workflow, found[1])});
  return because;
}

// A comment the system wrote when a timer's expiry fired an event.
function commentText(workflow, record) {
  const found = record.actor === 'system' && record.comment.match(/^expiry of (\S+)$/);
  return found ? t('comment_expiry', {timer: timerName(workflow, found[1])}) : record.comment;
}

function dataOf(record) {
  return record.data && typeof record.data === 'object' ? record.data : {};
}

// seq of each correction -> the values the fields had before it, as the
// records before it (oldest first) set them: a correction shows old → new.
function valuesBeforeCorrections(records) {
  const known = {};
  const before = new Map();
  for (const record of records) {
    if (record.kind === 'correct') before.set(record.seq, {...known});
    if (record.sets_values) Object.assign(known, dataOf(record));
  }
  return before;
}

function recordData(workflow, record, was) {
  const data = dataOf(record);
  if (TIMER_KINDS.includes(record.kind) || record.kind === 'extend') {
    const parts = [];
    if (data.previous_due) parts.push(h('span', {}, `${t('previous_due')} ${data.previous_due}`));
    if (data.due) parts.push(h('span', {}, `${t('due')} ${data.due}`));
    if (data.to_role) parts.push(h('span', {}, `→ ${roleName(workflow, data.to_role)}`));
    if (data.because) parts.push(h('span', {class: 'muted'}, becauseText(workflow, data.because)));
    if (data.refused) parts.push(h('span', {class: 'muted'}, data.refused));
    return [
      parts.length ? h('p', {class: 'record-detail'}, parts.map((p, i) => [i ? ' · ' : '', p])) : null,
      data.explanation && EXPLAINED_KINDS.includes(record.kind) ? explanation(data.explanation) : null,
    ];
  }
  const entries = Object.entries(data);
  if (!entries.length) return [];
  const text = (name, value) => recordedValueText(workflow, name, value);
  const shown = (name, value) => (was && name in was
    ? [h('span', {class: 'value-before'}, text(name, was[name])), ' → ', text(name, value)]
    : text(name, value));
  return [h('dl', {class: 'record-data'}, entries.map(([name, value]) =>
    h('div', {}, h('dt', {}, fieldName(workflow, name)), h('dd', {}, shown(name, value)))))];
}

function timeline(workflow, records) {
  const before = valuesBeforeCorrections(records);
  return h('ol', {class: 'timeline', reversed: true}, [...records].reverse().map((record) => {
    const minor = TIMER_KINDS.includes(record.kind);
    const actor = record.actor === 'system' ? t('system_actor') : record.actor;
    return h(
      'li',
      {class: `record record-${record.kind}${minor ? ' record-minor' : ''}`, 'data-seq': record.seq,
        'data-kind': record.kind},
      h('div', {class: 'record-head'},
        h('time', {datetime: record.at}, localTime(record.at)),
        h('span', {class: 'record-what'}, recordSummary(workflow, record).map((part, i) =>
          [i ? ' ' : '', part])),
        h('span', {class: 'record-actor'}, record.role && record.role !== 'system'
          ? `${actor}（${roleName(workflow, record.role)}）` : actor)),
      recordData(workflow, record, before.get(record.seq)),
      record.comment ? h('p', {class: 'record-comment'},
        h('span', {class: 'comment-label'}, `${t('timeline_comment')}：`), commentText(workflow, record)) : null,
    );
  }));
}

// The form of one step: the fields it requires (pre-filled), the comment,
// and its guards as a hint; for a correction every field, pre-filled, of
// which only those changed are sent. Resolves through `done` when the
// server took it. `unsent`: an entry the ended session refused, shown
// again in the form (not sent).
function actionForm(context, caseId, rowVersion, step, done, unsent = null) {
  const correcting = step.kind === 'correct';
  const formName = {page: 'case', caseId, event: step.event || step.kind};
  const user = context.session?.user;  // gone by the time a 401 is caught
  const controls = step.fields.map((def) => new FieldControl(def, {required: !correcting, value: def.value}));
  const commentDef = {name: 'comment', type: 'text', label: {
    zh: step.commentRequired ? t('action_comment_required') : t('action_comment'),
    en: step.commentRequired ? t('action_comment_required') : t('action_comment')}};
  const comment = new FieldControl(commentDef, {required: step.commentRequired});
  if (unsent) restoreUnsent(unsent, controls, comment);
  const summary = h('p', {class: 'form-message', role: 'alert', hidden: true});
  const key = newKey();  // a double click or a retry is answered, not done twice
  const titleId = uid('action-title');
  const submit = h('button', {type: 'submit', class: 'button-primary'}, t('action_submit'));
  const form = h(
    'form',
    {class: 'form action-form', novalidate: true, 'aria-labelledby': titleId,
      'data-event': step.event || step.kind},
    h('h3', {id: titleId}, step.title, step.event ? h('code', {class: 'event-name'}, step.event) : null),
    step.note ? h('p', {class: 'form-note'}, step.note) : null,
    unsent ? h('p', {class: 'notice unsent-notice', role: 'status'},
      t(unsent.reason === 'changed' ? 'unsent_changed_restored' : 'unsent_restored', {button: t('action_submit')})) : null,
    summary,
    controls.map((c) => c.element),
    comment.element,
    h('div', {class: 'form-actions'}, submit,
      h('button', {type: 'button', class: 'button-quiet', onclick: () => done(null)}, t('action_cancel'))),
  );
  form.addEventListener('input', () => {
    summary.hidden = true;
  });
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    summary.hidden = true;
    if (!validateControls([...controls, comment])) {
      summary.textContent = t('form_errors');
      summary.hidden = false;
      return;
    }
    const body = step.kind === 'transition' || step.kind === 'extension'
      ? {event: step.event, values: collectValues(controls, {changedOnly: true})}
      : correcting ? {values: collectValues(controls, {changedOnly: true, emptied: true})} : {};
    if (correcting && !Object.keys(body.values).length) {
      summary.textContent = t('correct_nothing_changed');
      summary.hidden = false;
      return;
    }
    submit.disabled = true;
    if (comment.read().trim()) body.comment = comment.read().trim();
    try {
      const answer = await request('POST', `/api/cases/${encodeURIComponent(caseId)}/${step.path}`, {
        json: body,
        headers: {'If-Match': `"${rowVersion}"`, 'Idempotency-Key': key},
      });
      dropUnsent(formName);
      // A correction changes only what it names; the server says what that
      // leaves for the clerk to check (a value a rule computed, a condition).
      const notes = answer?.notes || [];
      done(notes.length
        ? [t('action_done', {what: step.title}),
          h('span', {class: 'check-notes-head'}, t('correct_check')),
          h('ul', {class: 'check-notes'}, notes.map((note) =>
            h('li', {'data-kind': note.kind, title: note.text}, noteText(step.workflow, note))))]
        : t('action_done', {what: step.title}));
    } catch (error) {
      if (error instanceof ApiError && (error.status === 409 || error.status === 412)) {
        // The case changed meanwhile (another clerk, or the system recording
        // a deadline reminder): it is drawn again, and what was typed waits
        // in the same step's form, if the step is still open, to be checked
        // and sent again.
        keepUnsent({user, ...formName, address: `#/case/${encodeURIComponent(caseId)}`,
          values: typedValues(controls), comment: comment.read(), reason: 'changed'});
        done(t('changed_elsewhere'), true);
        return;
      }
      if (error instanceof ApiError && error.status === 401) {
        // The session ended: the page goes to the login; what was typed
        // waits for the same user to come back.
        keepUnsent({user, ...formName, address: `#/case/${encodeURIComponent(caseId)}`,
          values: typedValues(controls), comment: comment.read()});
        return;
      }
      showProblem(error, controls, summary, comment);
    } finally {
      submit.disabled = false;
    }
  });
  return form;
}

// What the clerk changed in a step's form, emptied fields included: kept
// for the form drawn again. Not the pre-filled rest, which would put back
// over the case as it is now the values it had when the form was drawn.
function typedValues(controls) {
  return collectValues(controls, {changedOnly: true, emptied: true});
}

// Puts an entry the ended session refused back into its form's controls.
function restoreUnsent(unsent, controls, comment) {
  for (const control of controls) {
    if (control.name in (unsent.values || {})) control.write(unsent.values[control.name]);
  }
  if (unsent.comment) comment.write(unsent.comment);
}

// A correction's note (the API's parts of it) in the page's language.
function noteText(workflow, note) {
  const shown = (value) => valueText(value === 'true' ? true : value === 'false' ? false : value);
  if (note.kind === 'required') {
    return t('correct_note_required', {field: fieldName(workflow, note.field), event: note.event,
      state: stateName(workflow, note.state)});
  }
  if (note.kind === 'condition') {
    return t('correct_note_condition', {event: note.event, state: stateName(workflow, note.state),
      condition: guardText(workflow, note.expression)});
  }
  return t('correct_note_computed', {field: fieldName(workflow, note.field), event: note.event,
    expression: guardText(workflow, note.expression),
    value: note.error ? t('correct_note_not_computable', {error: note.error}) : shown(note.value),
    held: shown(note.held)});
}

// A guard as clerks read it: field names replaced by their labels.
function guardText(workflow, guard) {
  return guard.replace(/[A-Za-z_][A-Za-z0-9_]*/g, (name) => {
    const known = (workflow?.fields || []).some((f) => f.name === name);
    return known ? `「${fieldName(workflow, name)}」` : name;
  });
}

function stepsOf(actions, workflow) {
  const steps = actions.actions.map((action) => ({
    kind: action.kind,
    event: action.event,
    path: 'events',
    title: actionTitle(action),
    fields: action.requires,
    commentRequired: action.comment_required,
    note: action.kind === 'extension'
      ? t('action_extend_by', {by: durationText(action.timer.by), times: action.timer.times})
      : action.guards.length
        ? t('action_guard', {guard: action.guards.map((g) => guardText(workflow, g)).join('；')}) : '',
    final: action.to.some((s) => s.final),
  }));
  if (actions.suspend.allowed) {
    steps.push({kind: 'suspend', path: 'suspend', title: t('action_suspend'), fields: [],
      commentRequired: true});
  }
  if (actions.resume.allowed) {
    steps.push({kind: 'resume', path: 'resume', title: t('action_resume'), fields: [],
      commentRequired: false});
  }
  if (actions.correct?.allowed) {
    steps.push({kind: 'correct', path: 'correct', title: t('action_correct'),
      fields: actions.correct.fields, commentRequired: true, note: t('action_correct_note'),
      workflow});  // its answer's notes name fields and states
  }
  return steps;
}

// The keyboard on a form's first field (its button when it has none).
function focusForm(form) {
  const first = form.querySelector('input, select, textarea');
  (first || form.querySelector('button[type=submit]')).focus();
}

// `unsent`: an entry the ended session refused on this case, opened again
// in its step's form.
function actionPanel(context, item, actions, workflow, rerender, unsent) {
  const steps = stepsOf(actions, workflow);
  const unsentStep = unsent ? steps.findIndex((step) => (step.event || step.kind) === unsent.event) : -1;
  // The step was taken meanwhile, or is no longer open: the comment typed
  // is at least shown.
  const gone = unsent && unsentStep < 0
    ? h('p', {class: 'notice unsent-notice', role: 'status'},
      t(unsent.reason === 'changed' ? 'unsent_changed_gone' : 'unsent_gone', {comment: unsent.comment || '—'}))
    : null;
  // A closed case takes only a correction (补正), for those who may make one.
  const closed = item.status === 'closed' ? h('p', {class: 'muted'}, t('no_actions_closed')) : null;
  if (!steps.length) return [gone, closed || h('p', {class: 'muted'}, t('no_actions'))];
  const slot = h('div', {class: 'action-slot'});
  const buttons = steps.map((step) => {
    const button = h('button', {
      type: 'button',
      class: `action-button${step.final ? ' action-final' : ''}${step.kind === 'suspend' ? ' action-suspend' : ''}${step.kind === 'correct' ? ' action-correct' : ''}`,
      'data-event': step.event || step.kind,
      'aria-expanded': 'false',
    }, step.title);
    button.addEventListener('click', () => openForm(step, button));
    return button;
  });
  const openForm = (step, button, entry = null) => {
    for (const other of buttons) other.setAttribute('aria-expanded', 'false');
    button.setAttribute('aria-expanded', 'true');
    const form = actionForm(context, item.id, actions.row_version, step, (notice, reload) => {
      if (notice || reload) rerender(notice);
      else {
        replace(slot);
        button.setAttribute('aria-expanded', 'false');
        button.focus();
      }
    }, entry);
    replace(slot, form);
    focusForm(form);
  };
  if (unsentStep >= 0) openForm(steps[unsentStep], buttons[unsentStep], unsent);
  return [gone, closed, h('div', {class: 'action-buttons'}, buttons), slot];
}

export async function render(context) {
  const notice = context.notice;
  const id = context.args[0];
  const path = `/api/cases/${encodeURIComponent(id)}`;
  let item;
  let actions;
  let audit;
  try {
    [item, actions, audit] = await Promise.all([get(path), get(`${path}/actions`), get(`${path}/audit`)]);
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) {
      // The server says "no case ID" both for a number that does not exist
      // and for a case of another office: one sentence covers both.
      const said = String(error.problem?.type || '').endsWith(':no-such-case')
        ? t('case_not_found', {id}) : error.message;
      replace(context.main, h('section', {class: 'panel'}, h('h1', {}, t('case_title', {id})),
        h('p', {}, said), h('p', {}, h('a', {href: '#/work'}, t('back_to_work')))));
      return;
    }
    throw error;
  }
  let workflow = null;
  try {
    workflow = await context.workflow(item.workflow);
  } catch {
    // the workflow left the folder: names are shown instead of labels
  }
  // Object.create keeps the context's own rule for where to draw (app.js).
  const rerender = (message) => render(Object.assign(Object.create(context), {notice: message}));
  const unsent = takeUnsent(context.session?.user, {page: 'case', caseId: item.id});
  replace(
    context.main,
    h('p', {class: 'breadcrumb'}, h('a', {href: '#/work'}, `← ${t('back_to_work')}`)),
    h('div', {class: 'page-head case-head'},
      h('h1', {}, t('case_title', {id: item.id})),
      h('span', {class: `badge badge-${item.status}`, id: 'case-status'}, caseStatusText(item.status))),
    notice ? h('p', {class: 'notice', role: 'status'}, notice) : null,
    h('dl', {class: 'case-facts'},
      h('div', {}, h('dt', {}, t('case_workflow')), h('dd', {}, workflowTitle(workflow, item.workflow),
        h('span', {class: 'muted'}, ` v${item.version}`))),
      h('div', {}, h('dt', {}, t('case_state')), h('dd', {id: 'case-state', 'data-state': item.state},
        stateName(workflow, item.state))),
      h('div', {}, h('dt', {}, t('case_office')), h('dd', {}, item.office || '—')),
      h('div', {}, h('dt', {}, t('case_opened')), h('dd', {}, localTime(item.opened_at))),
      h('div', {}, h('dt', {}, t('case_updated')), h('dd', {}, localTime(item.updated_at)))),
    h('div', {class: 'case-grid'},
      h('div', {class: 'case-main'},
        h('section', {class: 'panel', id: 'actions', 'aria-labelledby': 'actions-title'},
          h('h2', {id: 'actions-title'}, t('case_actions')),
          actionPanel(context, item, actions, workflow, rerender, unsent)),
        h('section', {class: 'panel', id: 'case-data', 'aria-labelledby': 'data-title'},
          h('h2', {id: 'data-title'}, t('case_data')),
          item.personal_data === 'masked' ? h('p', {class: 'muted'}, t('personal_masked')) : null,
          dataList(workflow, item)),
        h('section', {class: 'panel', id: 'timeline', 'aria-labelledby': 'timeline-title'},
          h('h2', {id: 'timeline-title'}, t('case_timeline')),
          timeline(workflow, audit.records))),
      h('aside', {class: 'case-side'},
        h('section', {class: 'panel', id: 'deadlines', 'aria-labelledby': 'deadlines-title'},
          h('h2', {id: 'deadlines-title'}, t('case_deadlines')),
          timerPanel(workflow, item)))),
  );
  const restored = unsent && context.main.querySelector('.action-form');
  if (notice) context.main.focus();
  else if (restored) focusForm(restored);  // drawn before it was on the page
}
