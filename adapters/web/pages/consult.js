// Log a consultation (legal-aid centres): one short form. Saving opens a
// legal-aid case with the channel (and the worker's name, phone and claim
// when given) and answers it at once with the advice given. Both posts
// carry idempotency keys kept until the whole save succeeded, so pressing
// save again after a failure never opens a second case. What was typed
// when the session had ended is kept for the same user, keys included
// (unsent.js).
import {ApiError, newKey, request} from '../api.js';
import {h, replace} from '../dom.js';
import {FieldControl, collectValues, showProblem, validateControls} from '../fields.js';
import {t} from '../i18n.js';
import {CONSULTATION} from '../roles.js';
import {dropUnsent, keepUnsent, takeUnsent} from '../unsent.js';

// Optional fields worth a few seconds of typing, when the workflow has them.
const QUICK_FIELDS = ['applicant_name', 'applicant_phone', 'claim_type'];
const CHANNEL_KEY = 'wageflow.consultation.channel';
const FORM_NAME = {page: 'consult'};

function rememberedChannel() {
  try {
    return localStorage.getItem(CHANNEL_KEY) || '';
  } catch {
    return '';
  }
}

function remember(name, value) {
  try {
    localStorage.setItem(name, value);
  } catch {
    // not kept: the next form starts empty
  }
}

export async function render(context) {
  let workflow;
  try {
    workflow = await context.workflow(CONSULTATION.workflow);
  } catch {
    workflow = null;
  }
  const transition = workflow?.transitions?.find((row) => row.event === CONSULTATION.event);
  const yourRoles = workflow?.your_roles || [];
  const allowed = transition && (transition.roles.length === 0 ||
    transition.roles.some((role) => yourRoles.includes(role)));
  if (!allowed) {
    replace(context.main, h('div', {class: 'page-head'}, h('h1', {}, t('consult_title'))),
      h('p', {class: 'empty'}, t('consult_unavailable')));
    return;
  }
  const byName = new Map(workflow.fields.map((f) => [f.name, f]));
  const openNames = workflow.fields.filter((f) => f.required).map((f) => f.name);
  const quickNames = QUICK_FIELDS.filter((n) => byName.has(n) && !openNames.includes(n));
  const adviceNames = transition.requires.filter((n) => !openNames.includes(n));
  const openControls = [...openNames, ...quickNames].map((name) => new FieldControl(byName.get(name),
    {value: name === 'channel' ? rememberedChannel() : undefined, radios: true}));
  const adviceControls = adviceNames.map((name) => new FieldControl(byName.get(name), {required: true}));
  const controls = [...openControls, ...adviceControls];
  const user = context.session?.user;  // gone by the time a 401 is caught
  // An entry the ended session refused, shown again (not sent), with the
  // keys it was posted with: a case it opened is not opened twice.
  const unsent = takeUnsent(user, FORM_NAME);
  if (unsent) {
    for (const control of controls) {
      if (control.name in (unsent.values || {})) control.write(unsent.values[control.name]);
    }
  }

  const summary = h('p', {class: 'form-message', role: 'alert', hidden: true});
  const result = h('div', {class: 'consult-result', 'aria-live': 'polite'});
  const submit = h('button', {type: 'submit', class: 'button-primary'}, t('consult_submit'));
  let keys = unsent?.keys?.open && unsent.keys.advice ? unsent.keys : {open: newKey(), advice: newKey()};
  const restoredNotice = unsent ? h('p', {class: 'notice unsent-notice', role: 'status'},
    t('unsent_restored', {button: t('consult_submit')})) : null;
  const form = h(
    'form',
    {class: 'form consult-form', novalidate: true},
    restoredNotice,
    summary,
    h('div', {class: 'field-grid'}, openControls.map((c) => c.element)),
    adviceControls.map((c) => c.element),
    h('div', {class: 'form-actions'}, submit),
  );
  form.addEventListener('input', () => {
    summary.hidden = true;
  });
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    summary.hidden = true;
    replace(result);
    if (!validateControls(controls)) {
      summary.textContent = t('form_errors');
      summary.hidden = false;
      return;
    }
    submit.disabled = true;
    let opened = null;
    try {
      opened = await request('POST', '/api/cases', {
        json: {workflow: workflow.id, values: collectValues(openControls)},
        headers: {'Idempotency-Key': keys.open},
      });
      await request('POST', `/api/cases/${encodeURIComponent(opened.id)}/events`, {
        json: {event: CONSULTATION.event, values: collectValues(adviceControls)},
        headers: {'Idempotency-Key': keys.advice},
      });
      dropUnsent(FORM_NAME);
      restoredNotice?.remove();
      const channel = controls.find((c) => c.name === 'channel');
      if (channel) remember(CHANNEL_KEY, channel.read());
      keys = {open: newKey(), advice: newKey()};
      form.reset();
      for (const control of controls) control.clearError();
      if (channel) channel.write(rememberedChannel());
      replace(result, h('p', {class: 'notice success', role: 'status'},
        t('consult_saved'), h('a', {href: `#/case/${encodeURIComponent(opened.id)}`}, opened.id)));
      (openControls[0] || adviceControls[0])?.input.focus();
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) {
        // The session ended: the page goes to the login; what was typed
        // waits for the same user to come back.
        keepUnsent({user, ...FORM_NAME, address: '#/consult', values: collectValues(controls), keys});
        return;
      }
      if (opened) {
        summary.textContent = t('consult_partial', {id: opened.id, detail: error.message});
        summary.hidden = false;
        showProblem(error, adviceControls, summary);
        summary.textContent = t('consult_partial', {id: opened.id, detail: error.message});
      } else {
        showProblem(error, controls, summary);
      }
    } finally {
      submit.disabled = false;
    }
  });
  replace(
    context.main,
    h('div', {class: 'page-head'}, h('h1', {}, t('consult_title'))),
    h('section', {class: 'panel consult-panel'},
      h('p', {class: 'intro'}, t('consult_intro')),
      form,
      result),
  );
  (openControls.find((c) => !c.read()) || adviceControls[0])?.input.focus();
}
