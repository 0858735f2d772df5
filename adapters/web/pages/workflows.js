// Workflows (administrators): the published workflows, each one's diagram
// (SVG drawn by the server), a box that validates pasted YAML and shows
// every diagnostic at its line and column, and a box that simulates the
// pasted (or chosen) workflow's deadlines along a path (simulate.js).
import {ApiError, request} from '../api.js';
import {h, replace, uid} from '../dom.js';
import {label, locale, t} from '../i18n.js';
import {durationText, roleName, workflowTitle} from '../format.js';
import {simulateBox} from './simulate.js';

// Diagnostics count columns in bytes of UTF-8 (docs/workflow-format.md);
// the index of that byte's character in `line`.
export function characterIndex(line, byteColumn) {
  let bytes = 0;
  let index = 0;
  for (const character of line) {
    if (bytes >= byteColumn - 1) break;
    bytes += new TextEncoder().encode(character).length;
    index += character.length;
  }
  return index;
}

function workflowList(workflows, chosen) {
  return h('ul', {class: 'workflow-list'}, workflows.map((w) => h(
    'li',
    {class: w.id === chosen ? 'current' : null},
    h('a', {href: `#/workflows/${encodeURIComponent(w.id)}`, 'aria-current': w.id === chosen ? 'true' : null},
      h('span', {class: 'workflow-title'}, workflowTitle(w)),
      h('span', {class: 'workflow-meta'}, w.id),
      h('span', {class: 'workflow-meta'}, t('workflow_version', {v: w.version}))),
  )));
}

function workflowDetail(workflow) {
  const title = workflowTitle(workflow);
  const src = `/api/workflows/${encodeURIComponent(workflow.id)}/diagram?locale=${locale()}`;
  const diagram = h('img', {src, alt: t('workflow_diagram_alt', {title}), class: 'diagram',
    id: 'workflow-diagram', decoding: 'async'});
  const frame = h('div', {class: 'diagram-frame'}, diagram);
  const fitToggle = h('button', {type: 'button', class: 'button-quiet', 'aria-pressed': 'false'},
    t('workflow_diagram_actual'));
  fitToggle.addEventListener('click', () => {
    const actual = frame.classList.toggle('actual-size');
    fitToggle.setAttribute('aria-pressed', String(actual));
  });
  return h(
    'section',
    {class: 'panel workflow-detail', 'aria-labelledby': 'workflow-detail-title'},
    h('h2', {id: 'workflow-detail-title'}, title, ' ', h('code', {}, workflow.id)),
    workflow.calendar_ends_soon
      ? h('p', {class: 'notice notice-warning', role: 'status', id: 'calendar-ending'},
        workflow.calendar_until
          ? t('calendar_ending', {calendar: workflow.calendar, until: workflow.calendar_until})
          : t('calendar_empty', {calendar: workflow.calendar}))
      : null,
    h('dl', {class: 'case-facts'},
      h('div', {}, h('dt', {}, t('workflow_version_label')),
        h('dd', {}, String(workflow.version))),
      h('div', {}, h('dt', {}, t('workflow_calendar')), h('dd', {}, workflow.calendar || '—')),
      h('div', {}, h('dt', {}, t('workflow_roles')),
        h('dd', {id: 'workflow-roles'}, (workflow.roles || []).map((role) => roleName(workflow, role)).join('、')))),
    h('div', {class: 'diagram-tools'},
      h('h3', {}, t('workflow_diagram')),
      fitToggle,
      h('a', {href: src, target: '_blank', rel: 'noopener'}, t('workflow_diagram_open'))),
    frame,
    h('div', {class: 'workflow-columns'},
      h('div', {}, h('h3', {}, t('workflow_states')),
        h('ul', {class: 'plain-list'}, (workflow.states || []).map((s) => h('li', {},
          label(s.label, s.name), ' ', h('code', {}, s.name),
          s.initial ? ' ▶' : '', s.final ? ' ◎' : '')))),
      h('div', {}, h('h3', {}, t('workflow_timers')),
        h('ul', {class: 'plain-list'}, (workflow.timers || []).map((timer) => h('li', {},
          label(timer.label, timer.name), ' ', h('code', {}, timer.name), ` — ${durationText(timer.duration)}`))))),
  );
}

function excerpt(lines, diagnostic) {
  const line = lines[diagnostic.line - 1];
  if (line === undefined) return null;
  const index = characterIndex(line, diagnostic.column);
  return h('pre', {class: 'excerpt', 'aria-hidden': 'true'},
    h('span', {class: 'excerpt-number'}, `${String(diagnostic.line).padStart(4)} | `),
    line.slice(0, index),
    h('mark', {class: `excerpt-at excerpt-${diagnostic.severity}`}, line.slice(index, index + 1) || ' '),
    line.slice(index + 1));
}

// The validation panel, and a reader of the text in its editor.
function validateBox() {
  const textId = uid('yaml');
  const gutter = h('pre', {class: 'gutter', 'aria-hidden': 'true'});
  const text = h('textarea', {id: textId, name: 'yaml', class: 'code', rows: 18, spellcheck: 'false',
    autocomplete: 'off', wrap: 'off', required: true, 'aria-describedby': `${textId}-help`});
  const results = h('div', {class: 'diagnostics', id: 'diagnostics', 'aria-live': 'polite'});
  const submit = h('button', {type: 'submit', class: 'button-primary'}, t('validate_submit'));
  let marks = new Map();

  const drawGutter = () => {
    const count = text.value.split('\n').length;
    replace(gutter, Array.from({length: count}, (_, i) => {
      const severity = marks.get(i + 1);
      return h('span', {class: severity ? `gutter-line gutter-${severity}` : 'gutter-line'}, `${i + 1}\n`);
    }));
    gutter.scrollTop = text.scrollTop;
  };
  text.addEventListener('input', () => {
    marks = new Map();
    drawGutter();
  });
  text.addEventListener('scroll', () => {
    gutter.scrollTop = text.scrollTop;
  });

  const focusAt = (diagnostic) => {
    const lines = text.value.split('\n');
    let offset = 0;
    for (let i = 0; i < diagnostic.line - 1 && i < lines.length; i++) offset += lines[i].length + 1;
    offset += characterIndex(lines[diagnostic.line - 1] || '', diagnostic.column);
    text.focus();
    text.setSelectionRange(offset, offset + 1);
    const lineHeight = parseFloat(getComputedStyle(text).lineHeight) || 20;
    text.scrollTop = Math.max(0, (diagnostic.line - 4) * lineHeight);
  };

  const form = h(
    'form',
    {class: 'form validate-form', novalidate: true},
    h('label', {for: textId}, t('validate_text')),
    h('p', {class: 'form-note', id: `${textId}-help`}, t('validate_intro')),
    h('div', {class: 'editor'}, gutter, text),
    h('div', {class: 'form-actions'}, submit),
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (!text.value.trim()) {
      text.focus();
      return;
    }
    submit.disabled = true;
    try {
      const answer = await request('POST', '/api/workflows/validate?name=pasted.yaml',
        {text: text.value, type: 'application/yaml'});
      const lines = text.value.split('\n');
      marks = new Map();
      for (const d of answer.diagnostics) {
        if (!marks.has(d.line) || d.severity === 'error') marks.set(d.line, d.severity);
      }
      drawGutter();
      const kind = t(`kind_${answer.kind}`);
      replace(
        results,
        h('p', {class: `validate-summary ${answer.valid ? 'valid' : 'invalid'}`, role: 'status'},
          answer.valid && !answer.warnings
            ? t('validate_ok', {kind, id: answer.workflow ? `${answer.workflow.id} v${answer.workflow.version}` : ''})
            : t('validate_summary', {errors: answer.errors, warnings: answer.warnings})),
        answer.diagnostics.length
          ? h('ol', {class: 'diagnostic-list'}, answer.diagnostics.map((d) => h(
              'li',
              {class: `diagnostic diagnostic-${d.severity}`, 'data-line': d.line, 'data-column': d.column},
              h('button', {type: 'button', class: 'diagnostic-jump', onclick: () => focusAt(d)},
                h('span', {class: `badge badge-${d.severity}`}, t(`severity_${d.severity}`)),
                h('span', {class: 'diagnostic-position'}, `${d.line}:${d.column}`),
                h('span', {class: 'visually-hidden'}, t('validate_line_col', {line: d.line, column: d.column}))),
              h('span', {class: 'diagnostic-message'}, d.message),
              excerpt(lines, d))))
          : null,
      );
    } catch (error) {
      replace(results, h('p', {class: 'form-message', role: 'alert'},
        error instanceof ApiError ? error.message : String(error)));
    } finally {
      submit.disabled = false;
    }
  });
  drawGutter();
  const panel = h('section', {class: 'panel', id: 'validate', 'aria-labelledby': 'validate-title'},
    h('h2', {id: 'validate-title'}, t('validate_title')), form, results);
  return {panel, text: () => text.value};
}

export async function render(context) {
  const workflows = await context.workflows();
  const chosen = context.args[0] || workflows[0]?.id || '';
  const workflow = chosen ? await context.workflow(chosen) : null;
  const validate = validateBox();
  replace(
    context.main,
    h('div', {class: 'page-head'}, h('h1', {}, t('workflows_title'))),
    h('div', {class: 'workflows-grid'},
      h('nav', {class: 'panel', 'aria-label': t('workflows_list')},
        h('h2', {}, t('workflows_list')), workflowList(workflows, chosen)),
      workflow ? workflowDetail(workflow) : null),
    validate.panel,
    simulateBox(validate.text, workflow ? workflow.id : ''),
  );
}
