// Open a case: a form generated from the chosen workflow's fields, checked
// in the browser (required, types, enums, patterns) and again by the
// server, whose refusal is shown next to the field it is about. What was
// typed when the session had ended is kept for the same user (unsent.js).
import {ApiError, newKey, request} from '../api.js';
import {h, replace, uid} from '../dom.js';
import {FieldControl, collectValues, showProblem, validateControls} from '../fields.js';
import {label, t} from '../i18n.js';
import {workflowTitle} from '../format.js';
import {dropUnsent, keepUnsent, takeUnsent} from '../unsent.js';

function workflowChooser(context, workflows, chosen) {
  const id = uid('workflow');
  const chooser = h('select', {id, name: 'workflow'},
    h('option', {value: ''}, t('choose')),
    workflows.map((w) => h('option', {value: w.id, selected: w.id === chosen},
      `${workflowTitle(w)} (${w.id})`)));
  chooser.addEventListener('change', () => {
    context.navigate(chooser.value ? `#/open/${encodeURIComponent(chooser.value)}` : '#/open');
  });
  return h('div', {class: 'field workflow-chooser'}, h('label', {for: id}, t('open_choose')), chooser);
}

// Fields a later step asks for (required by a transition that does not
// leave the initial state): offered folded away, as they are usually
// filled in when that step is taken.
function laterFields(workflow) {
  const initial = workflow.states.find((s) => s.initial)?.name;
  const later = new Set();
  for (const row of workflow.transitions || []) {
    if (!row.from.includes(initial)) row.requires.forEach((name) => later.add(name));
  }
  return later;
}

// Fields the workflow computes (`computed_by`: an event's `set:` assigns
// them) are not given at opening unless required: the server refuses them.
function openingFields(workflow) {
  return workflow.fields.filter((def) => def.required || !def.computed_by);
}

// `unsent`: an entry the ended session refused in this workflow's form,
// shown again (not sent).
function openForm(context, workflow, unsent = null) {
  const formName = {page: 'open', workflow: workflow.id};
  const controls = openingFields(workflow).map((def) => new FieldControl(def));
  const later = laterFields(workflow);
  const required = controls.filter((c) => c.required);
  const optional = controls.filter((c) => !c.required && !later.has(c.name));
  const deferred = controls.filter((c) => !c.required && later.has(c.name));
  const session = context.session;
  const user = session.user;  // the session is gone by the time a 401 is caught
  const officeControl = session.province_wide
    ? new FieldControl({name: 'office', type: 'string', label: {zh: t('office'), en: t('office')}},
        {required: !session.office, value: session.office || ''})
    : null;
  if (unsent) {
    for (const control of controls) {
      if (control.name in (unsent.values || {})) control.write(unsent.values[control.name]);
    }
    if (officeControl && unsent.office !== undefined) officeControl.write(unsent.office);
  }
  const summary = h('p', {class: 'form-message', role: 'alert', hidden: true});
  const submit = h('button', {type: 'submit', class: 'button-primary'}, t('open_submit'));
  const key = newKey();
  const form = h(
    'form',
    {class: 'form open-form', novalidate: true, 'data-workflow': workflow.id},
    h('p', {class: 'form-note'}, t('open_intro')),
    unsent ? h('p', {class: 'notice unsent-notice', role: 'status'},
      t('unsent_restored', {button: t('open_submit')})) : null,
    summary,
    h('fieldset', {class: 'group'}, h('legend', {}, t('open_required_group')),
      h('div', {class: 'field-grid'}, required.map((c) => c.element))),
    optional.length ? h('fieldset', {class: 'group'}, h('legend', {}, t('open_optional_group')),
      h('div', {class: 'field-grid'}, optional.map((c) => c.element))) : null,
    deferred.length ? h('details', {class: 'group group-later',
      open: deferred.some((c) => c.read() !== '')},
      h('summary', {}, t('open_later_group')),
      h('div', {class: 'field-grid'}, deferred.map((c) => c.element))) : null,
    officeControl ? officeControl.element : null,
    h('div', {class: 'form-actions'}, submit),
  );
  form.addEventListener('input', () => {
    summary.hidden = true;
  });
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    summary.hidden = true;
    const all = officeControl ? [...controls, officeControl] : controls;
    if (!validateControls(all)) {
      summary.textContent = t('form_errors');
      summary.hidden = false;
      return;
    }
    submit.disabled = true;
    const body = {workflow: workflow.id, values: collectValues(controls)};
    if (officeControl && officeControl.read()) body.office = officeControl.read();
    try {
      const opened = await request('POST', '/api/cases', {json: body, headers: {'Idempotency-Key': key}});
      dropUnsent(formName);
      context.flash(t('opened', {id: opened.id}));
      context.navigate(`#/case/${encodeURIComponent(opened.id)}`);
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) {
        // The session ended: the page goes to the login; what was typed
        // waits for the same user to come back.
        keepUnsent({user, ...formName, address: `#/open/${encodeURIComponent(workflow.id)}`,
          values: collectValues(controls), office: officeControl?.read()});
        return;
      }
      showProblem(error, all, summary);
    } finally {
      submit.disabled = false;
    }
  });
  return form;
}

export async function render(context) {
  const workflows = (await context.workflows()).filter((w) => (w.your_roles || []).length > 0);
  let chosen = context.args[0] || '';
  if (!chosen && workflows.length === 1) chosen = workflows[0].id;
  if (chosen && !workflows.some((w) => w.id === chosen)) chosen = '';
  const workflow = chosen ? await context.workflow(chosen) : null;
  // An entry the ended session refused in the form of the address's
  // workflow; if that workflow is no longer offered, the page says so.
  const unsent = context.args[0]
    ? takeUnsent(context.session?.user, {page: 'open', workflow: context.args[0]}) : null;
  replace(
    context.main,
    h('div', {class: 'page-head'}, h('h1', {}, t('open_title'))),
    unsent && !workflow ? h('p', {class: 'notice unsent-notice', role: 'status'}, t('unsent_open_gone')) : null,
    workflows.length
      ? h('section', {class: 'panel'},
          workflowChooser(context, workflows, chosen),
          workflow ? [h('h2', {}, label(workflow.title, workflow.id)), openForm(context, workflow, unsent)] : null)
      : h('p', {class: 'empty'}, t('open_no_workflows')),
  );
  const restored = unsent && workflow && context.main.querySelector('.open-form');
  if (restored) restored.querySelector('input, select, textarea')?.focus();
}
