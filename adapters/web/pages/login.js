// Logging in with a user name and the access token `wageflow user add`
// printed. The form posts to /login (it also works without script); with
// script the answer is read in place so that a refusal is shown here.
import {h, replace} from '../dom.js';
import {t} from '../i18n.js';

export function render(context) {
  const message = h('p', {class: 'form-message', role: 'alert', hidden: !context.notice},
    context.notice || '');
  const user = h('input', {id: 'login-user', name: 'user', autocomplete: 'username', required: true,
    autocapitalize: 'off', spellcheck: 'false'});
  const token = h('input', {id: 'login-token', name: 'token', type: 'password',
    autocomplete: 'current-password', required: true, spellcheck: 'false'});
  const button = h('button', {type: 'submit', class: 'button-primary'}, t('login_submit'));
  const form = h(
    'form',
    {method: 'post', action: '/login', class: 'form login-form', 'aria-labelledby': 'login-title'},
    message,
    h('div', {class: 'field'}, h('label', {for: 'login-user'}, t('login_user')), user),
    h('div', {class: 'field'}, h('label', {for: 'login-token'}, t('login_token')), token),
    h('input', {type: 'hidden', name: 'next', value: '/'}),
    h('div', {class: 'form-actions'}, button),
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (!form.reportValidity()) return;
    button.disabled = true;
    message.hidden = true;
    try {
      const response = await fetch('/login', {
        method: 'POST',
        headers: {'Content-Type': 'application/x-www-form-urlencoded'},
        body: new URLSearchParams({user: user.value.trim(), token: token.value.trim(), next: '/'}),
        credentials: 'same-origin',
      });
      if (!response.ok) {
        const problem = await response.json().catch(() => ({}));
        // A wrong name or token is said in the clerk's language.
        throw new Error(String(problem.type || '').endsWith(':login-failed') ? t('login_wrong')
          : problem.detail || `HTTP ${response.status}`);
      }
      token.value = '';
      await context.onLoggedIn();
    } catch (error) {
      message.textContent = `${t('login_failed')}: ${error.message}`;
      message.hidden = false;
      token.focus();
    } finally {
      button.disabled = false;
    }
  });
  replace(
    context.main,
    h(
      'section',
      {class: 'panel login-panel'},
      h('h1', {id: 'login-title'}, t('login_title')),
      h('p', {class: 'intro'}, t('login_intro')),
      form,
    ),
  );
  user.focus();
}
