// My work: the cases of the user's office (every office for province-wide
// users), nearest deadline first, each live timer as a light; filters by
// workflow, state, office and status. Personal data comes masked from the
// API.
import {get} from '../api.js';
import {h, replace, uid} from '../dom.js';
import {label, t} from '../i18n.js';
import {
  LIVE_TIMER_STATUSES,
  caseStatusText,
  dueKey,
  durationText,
  stateName,
  timerLight,
  timerName,
  valueText,
  workflowTitle,
} from '../format.js';

const PAGE_SIZE = 500;

function liveTimers(item) {
  return (item.timers || [])
    .filter((timer) => LIVE_TIMER_STATUSES.includes(timer.status))
    .sort((a, b) => dueKey(a).localeCompare(dueKey(b)));
}

// Nearest due first; then cases whose timers are all paused (suspended
// cases: their due dates move on resumption); cases without a live timer
// last; ties by id.
function urgency(item) {
  const timers = liveTimers(item);
  const running = timers.filter((timer) => timer.status !== 'paused');
  if (running.length) return [0, dueKey(running[0])];
  if (timers.length) return [1, dueKey(timers[0])];
  return [2, ''];
}

function byDeadline(a, b) {
  const [ga, da] = urgency(a);
  const [gb, db] = urgency(b);
  return ga - gb || da.localeCompare(db) || a.id.localeCompare(b.id);
}

async function fetchCases(filters, session) {
  const statuses = filters.status === 'open' ? ['active', 'suspended']
    : filters.status === 'all' ? [''] : [filters.status];
  const lists = await Promise.all(statuses.map((status) => {
    const query = new URLSearchParams({limit: String(PAGE_SIZE)});
    if (status) query.set('status', status);
    if (filters.workflow) query.set('workflow', filters.workflow);
    if (filters.state) query.set('state', filters.state);
    if (filters.office && session.province_wide) query.set('office', filters.office);
    return get(`/api/cases?${query}`);
  }));
  return {
    cases: lists.flatMap((list) => list.cases),
    truncated: lists.some((list) => list.next_offset !== null && list.next_offset !== undefined),
  };
}

// The required fields that are set and the first personal field, as the
// CLI's case list shows them (personal values arrive masked).
function summary(item, workflow) {
  const parts = [];
  const fields = workflow?.fields || [];
  const firstPersonal = fields.find((f) => f.pii && item.data?.[f.name] !== undefined);
  for (const field of fields) {
    const value = item.data?.[field.name];
    if (value === undefined) continue;
    if (field.required || field === firstPersonal) {
      parts.push(h('span', {class: 'summary-item'},
        h('span', {class: 'summary-label'}, label(field.label, field.name)), ' ', valueText(value)));
    }
  }
  if (!parts.length && workflow) {
    const first = fields.find((f) => item.data?.[f.name] !== undefined);
    if (first) {
      parts.push(h('span', {class: 'summary-item'},
        h('span', {class: 'summary-label'}, label(first.label, first.name)), ' ',
        valueText(item.data[first.name])));
    }
  }
  return parts;
}

function timerCell(item, workflow) {
  const timers = liveTimers(item);
  if (!timers.length) return h('span', {class: 'muted'}, t('no_live_timers'));
  return h('ul', {class: 'timer-list'}, timers.map((timer) => h(
    'li',
    {class: 'timer-item', 'data-timer': timer.name, 'data-status': timer.status},
    timerLight(timer.status),
    h('span', {class: 'timer-name'}, timerName(workflow, timer.name)),
    h('span', {class: 'timer-due'}, timer.remaining
      ? t('paused_remaining', {left: durationText(timer.remaining)}) : `${t('due')} ${timer.due}`),
  )));
}

function select(id, name, options, value, attributes = {}) {
  return h('select', {id, name, ...attributes},
    options.map(([v, text]) => h('option', {value: v, selected: v === value}, text)));
}

// The filter a keyboard user just changed: the list is drawn again, and
// the keyboard goes back to that filter (arrow keys walk its options).
let filterToRefocus = null;

function filterForm(context, filters, workflows, details, offices) {
  const session = context.session;
  const ids = {workflow: uid('f'), state: uid('f'), office: uid('f'), status: uid('f')};
  const workflowOptions = [['', t('filter_all')],
    ...workflows.map((w) => [w.id, workflowTitle(w)])];
  const chosen = filters.workflow ? details.get(filters.workflow) : null;
  const stateOptions = [['', t('filter_all')],
    ...(chosen?.states || []).map((s) => [s.name, label(s.label, s.name)])];
  const statusOptions = [['open', t('filter_open_cases')], ['active', t('status_active')],
    ['suspended', t('status_suspended')], ['closed', t('status_closed')], ['all', t('filter_all')]];
  const officeControl = session.province_wide
    ? h('input', {id: ids.office, name: 'office', value: filters.office || '', list: `${ids.office}-list`,
        placeholder: t('filter_all'), autocomplete: 'off'})
    : h('input', {id: ids.office, name: 'office', value: session.office || '', readonly: true});
  const form = h(
    'form',
    {class: 'filters', role: 'search', 'aria-label': t('work_title')},
    h('div', {class: 'field'}, h('label', {for: ids.workflow}, t('filter_workflow')),
      select(ids.workflow, 'workflow', workflowOptions, filters.workflow || '')),
    h('div', {class: 'field'}, h('label', {for: ids.state}, t('filter_state')),
      select(ids.state, 'state', stateOptions, filters.state || '', {disabled: !chosen})),
    h('div', {class: 'field'}, h('label', {for: ids.office}, t('filter_office')), officeControl,
      h('datalist', {id: `${ids.office}-list`}, offices.map((o) => h('option', {value: o})))),
    h('div', {class: 'field'}, h('label', {for: ids.status}, t('filter_status')),
      select(ids.status, 'status', statusOptions, filters.status)),
    h('div', {class: 'field field-button'}, h('button', {type: 'submit'}, t('filter_apply'))),
  );
  const apply = (event) => {
    event?.preventDefault();
    const data = new FormData(form);
    const query = new URLSearchParams();
    const workflow = data.get('workflow') || '';
    if (workflow) query.set('workflow', workflow);
    // A state belongs to the workflow it was chosen under.
    const state = workflow === (filters.workflow || '') ? data.get('state') || '' : '';
    if (state) query.set('state', state);
    if (session.province_wide && data.get('office')) query.set('office', data.get('office'));
    if (data.get('status') !== 'open') query.set('status', data.get('status'));
    filterToRefocus = event?.type === 'change' ? event.target.name : null;
    context.navigate(`#/work${query.size ? `?${query}` : ''}`);
  };
  form.addEventListener('submit', apply);
  for (const control of form.querySelectorAll('select')) control.addEventListener('change', apply);
  return form;
}

function legend() {
  return h('p', {class: 'legend', 'aria-label': t('legend')},
    ['running', 'warned', 'overdue', 'paused'].map((status) => timerLight(status)));
}

export async function render(context) {
  const query = context.query;
  const filters = {
    workflow: query.get('workflow') || '',
    state: query.get('state') || '',
    office: query.get('office') || '',
    status: ['open', 'active', 'suspended', 'closed', 'all'].includes(query.get('status'))
      ? query.get('status') : 'open',
  };
  const [workflows, {cases, truncated}] = await Promise.all([
    context.workflows(),
    fetchCases(filters, context.session),
  ]);
  const needed = new Set([...cases.map((c) => c.workflow), filters.workflow].filter(Boolean));
  const details = new Map();
  await Promise.all([...needed].map(async (id) => {
    try {
      details.set(id, await context.workflow(id));
    } catch {
      // a workflow no longer in the folder: its cases show ids instead of labels
    }
  }));
  cases.sort(byDeadline);
  const offices = [...new Set(cases.map((c) => c.office).filter(Boolean))].sort();
  const showOffice = context.session.province_wide;

  const rows = cases.map((item) => {
    const workflow = details.get(item.workflow);
    return h(
      'tr',
      {'data-case-id': item.id, class: `case-row status-${item.status}`},
      h('td', {class: 'col-deadlines'}, timerCell(item, workflow)),
      h('th', {scope: 'row', class: 'col-case'},
        h('a', {href: `#/case/${encodeURIComponent(item.id)}`}, item.id)),
      // data-label: the column's name, shown before the cell on a phone,
      // where each case is a card (style.css).
      h('td', {class: 'col-workflow', 'data-label': t('col_workflow')},
        workflowTitle(workflow, item.workflow)),
      h('td', {class: 'col-state', 'data-label': t('col_state')}, stateName(workflow, item.state),
        item.status !== 'active' ? h('span', {class: `badge badge-${item.status}`},
          caseStatusText(item.status)) : null),
      h('td', {class: 'col-summary'}, summary(item, workflow)),
      showOffice ? h('td', {class: 'col-office', 'data-label': t('col_office')}, item.office || '') : null,
    );
  });

  const table = cases.length
    ? h(
        'div',
        {class: 'table-wrap cases-wrap'},
        h(
          'table',
          {class: 'cases', id: 'case-table'},
          h('caption', {class: 'visually-hidden'}, t('work_title')),
          h('thead', {}, h('tr', {},
            h('th', {scope: 'col'}, t('col_deadlines')),
            h('th', {scope: 'col'}, t('col_case')),
            h('th', {scope: 'col'}, t('col_workflow')),
            h('th', {scope: 'col'}, t('col_state')),
            h('th', {scope: 'col'}, t('col_summary')),
            showOffice ? h('th', {scope: 'col'}, t('col_office')) : null)),
          h('tbody', {}, rows),
        ),
      )
    : h('p', {class: 'empty'}, t('no_cases'));

  replace(
    context.main,
    h('div', {class: 'page-head'},
      h('h1', {}, t('work_title')),
      h('p', {class: 'count'}, t('cases_count', {n: cases.length}))),
    h('p', {class: 'intro'}, t('work_intro')),
    legend(),
    filterForm(context, filters, workflows, details, offices),
    truncated ? h('p', {class: 'notice'}, t('more_cases', {n: PAGE_SIZE})) : null,
    table,
  );
  if (filterToRefocus) {
    context.main.querySelector(`form.filters [name="${filterToRefocus}"]`)?.focus();
    filterToRefocus = null;
  }
}
