// The staff pages: who is logged in, the navigation, and which page the
// address (#/work, #/case/2025-000001, ...) shows. Each page module
// exports render(context) and draws into context.main.
import {ApiError, get, request, setCsrfToken} from './api.js';
import {h, replace} from './dom.js';
import {locale, setLocale, t} from './i18n.js';
import * as casePage from './pages/case.js';
import * as consultPage from './pages/consult.js';
import * as dashboardPage from './pages/dashboard.js';
import * as loginPage from './pages/login.js';
import * as openPage from './pages/open.js';
import * as workPage from './pages/work.js';
import * as workflowsPage from './pages/workflows.js';
import {CONSULTATION, canConsult, isAdministrator} from './roles.js';
import {unsentFor} from './unsent.js';

const main = document.getElementById('main');
const nav = document.getElementById('nav');
const account = document.getElementById('account');

let session = null;  // GET /api/session, null when logged out
let workflowList = null;  // GET /api/workflows (summaries), cached for the session
let consultation = null;  // the consultation workflow's detail, if there is one
const workflowDetails = new Map();  // id -> GET /api/workflows/{id}

const ROUTES = [
  {name: 'work', page: workPage, nav: 'nav_work', show: () => true},
  {name: 'case', page: casePage},
  {name: 'open', page: openPage, nav: 'nav_open', show: () => openableWorkflows().length > 0},
  {name: 'consult', page: consultPage, nav: 'nav_consult', show: () => canConsult(consultation)},
  {name: 'workflows', page: workflowsPage, nav: 'nav_workflows', show: () => isAdministrator(session)},
  {name: 'dashboard', page: dashboardPage, nav: 'nav_dashboard', show: () => isAdministrator(session)},
];

function openableWorkflows() {
  return (workflowList || []).filter((w) => (w.your_roles || []).length > 0);
}

// "#/case/2025-000001?x=1" -> {name: 'case', args: ['2025-000001'], query}
function parseAddress() {
  const hash = decodeURIComponent(location.hash.replace(/^#\/?/, ''));
  const [path, search = ''] = hash.split('?');
  const [name, ...args] = path.split('/').filter(Boolean);
  return {name: name || 'work', args, query: new URLSearchParams(search)};
}

export function navigate(address) {
  if (location.hash === address) render();
  else location.hash = address;
}

// A message for the next page drawn ("opened case ..."), shown once.
let flash = null;

const context = {
  main,
  navigate,
  flash(message) {
    flash = message;
  },
  get session() {
    return session;
  },
  async workflows() {
    if (!workflowList) workflowList = (await get('/api/workflows')).workflows;
    return workflowList;
  },
  async workflow(id) {
    if (!workflowDetails.has(id)) {
      workflowDetails.set(id, get(`/api/workflows/${encodeURIComponent(id)}`));
    }
    try {
      return await workflowDetails.get(id);
    } catch (error) {
      workflowDetails.delete(id);
      throw error;
    }
  },
};

// Forms on the page that something was typed into (not the list filters):
// drawing another page or the same page in another language would lose
// what was typed, so the clerk is asked first. A form the page has since
// removed (sent, or cancelled) is no longer on the page and asks nothing.
const typedForms = new WeakSet();
main.addEventListener('input', (event) => {
  const form = event.target.closest?.('form');
  if (form && !form.classList.contains('filters')) typedForms.add(form);
});
// A form emptied after it was sent (the consultation form) holds nothing.
main.addEventListener('reset', (event) => typedForms.delete(event.target));

function mayLeaveTypedInput() {
  const typed = [...main.querySelectorAll('form')].some((form) => typedForms.has(form));
  return !typed || window.confirm(t('leave_typed_input'));
}

nav.addEventListener('click', (event) => {
  if (event.target.closest('a') && !mayLeaveTypedInput()) event.preventDefault();
});

function drawHeader(current) {
  document.title = `wageflow · ${t('app_name')}`;
  document.getElementById('skip-link').textContent = t('skip_to_content');
  document.getElementById('brand-subtitle').textContent = t('app_name');
  nav.setAttribute('aria-label', t('nav_label'));
  const links = session
    ? ROUTES.filter((r) => r.nav && r.show()).map((r) =>
        h(
          'a',
          {href: `#/${r.name}`, class: 'nav-link', 'aria-current': r.name === current ? 'page' : null},
          t(r.nav),
        ),
      )
    : [];
  replace(nav, links);
  const languageButton = h(
    'button',
    {
      type: 'button',
      class: 'button-quiet',
      id: 'language-switch',
      lang: locale() === 'zh' ? 'en' : 'zh',
      title: t('switch_language_title'),
      onclick: () => {
        if (!mayLeaveTypedInput()) return;
        setLocale(locale() === 'zh' ? 'en' : 'zh');
        render();
      },
    },
    t('switch_language'),
  );
  if (!session) {
    replace(account, languageButton);
    return;
  }
  const where = session.province_wide
    ? `${session.office ? `${session.office} · ` : ''}${t('province_wide')}`
    : session.office;
  replace(
    account,
    h(
      'span',
      {class: 'who', title: `${t('roles')}: ${(session.roles || []).join(', ')}`},
      h('span', {class: 'who-name'}, session.user),
      where ? h('span', {class: 'who-office'}, where) : null,
    ),
    languageButton,
    h('button', {type: 'button', class: 'button-quiet', id: 'logout', onclick: logout}, t('logout')),
  );
}

// Whether this browser may hold a session. The session cookie is HttpOnly:
// the pages cannot see it, so they note here (localStorage, shared by the
// tabs; no personal data) that a login succeeded, and forget it on logging
// out or on a 401. Without the note the login page is shown at once,
// without asking GET /api/session for a session there cannot be (its 401
// would stand in the browser's console).
const SESSION_NOTE = 'wageflow.session';

function maySeeSession() {
  try {
    return localStorage.getItem(SESSION_NOTE) === 'yes';
  } catch {
    return true;  // no storage: ask the server
  }
}

function noteSession(present) {
  try {
    if (present) localStorage.setItem(SESSION_NOTE, 'yes');
    else localStorage.removeItem(SESSION_NOTE);
  } catch {
    // no storage: the server is asked every time
  }
}

async function logout() {
  if (!mayLeaveTypedInput()) return;
  try {
    await request('POST', '/logout');
  } catch {
    // logged out anyway: the cookie is gone or was never valid
  }
  session = null;
  noteSession(false);
  workflowList = null;
  workflowDetails.clear();
  setCsrfToken('');
  location.hash = '#/work';
  render();
}

async function loadSession() {
  if (!maySeeSession()) {
    session = null;
    return;
  }
  try {
    session = await get('/api/session');
    noteSession(true);
    unsentFor(session.user);  // an entry another user left in this tab is dropped
    setCsrfToken(session.csrf_token);
    workflowList = null;
    const workflows = await context.workflows();
    consultation = workflows.some((w) => w.id === CONSULTATION.workflow)
      ? await context.workflow(CONSULTATION.workflow)
      : null;
  } catch (error) {
    if (!(error instanceof ApiError) || error.status !== 401) throw error;
    session = null;
    noteSession(false);
  }
}

function showError(error) {
  replace(
    main,
    h(
      'section',
      {class: 'panel error-panel', role: 'alert'},
      h('h1', {}, t('error_title')),
      h('p', {}, error.message || String(error)),
      h('button', {type: 'button', onclick: () => render()}, t('retry')),
    ),
  );
}

let rendering = 0;

// The context one drawing passes to its page. A page answered after the
// user has moved on (a slow case, then another case) draws into a detached
// element, never over the page of the newer address.
function drawingContext(ticket, values) {
  const current = Object.create(context, {
    main: {get: () => (ticket === rendering ? main : document.createElement('main'))},
  });
  return Object.assign(current, values);
}

async function render(notice) {
  const ticket = ++rendering;
  setLocale(locale());
  const address = parseAddress();
  try {
    if (session === null) await loadSession();
    if (ticket !== rendering) return;
    if (!session) {
      drawHeader('login');
      loginPage.render({
        ...context,
        notice,
        onLoggedIn: async () => {
          noteSession(true);
          await loadSession();
          // An entry the ended session refused waits in its form.
          const unsent = session && unsentFor(session.user);
          if (unsent?.address) navigate(unsent.address);
          else render();
        },
      });
      return;
    }
    const route = ROUTES.find((r) => r.name === address.name && (!r.show || r.show()));
    drawHeader(route?.name);
    if (!route) {
      replace(main, h('section', {class: 'panel'}, h('h1', {}, t('not_found')),
        h('p', {}, h('a', {href: '#/work'}, t('back_to_work')))));
      return;
    }
    main.setAttribute('aria-busy', 'true');
    const message = flash;
    flash = null;
    await route.page.render(drawingContext(ticket, {args: address.args, query: address.query, notice: message}));
  } catch (error) {
    if (ticket === rendering) showError(error);
  } finally {
    if (ticket === rendering) main.removeAttribute('aria-busy');
  }
}

window.addEventListener('hashchange', () => render());
// The addresses are #/... routes: "#main" would be one ("page not found",
// and a form being filled in gone). The skip link moves the keyboard only.
document.getElementById('skip-link').addEventListener('click', (event) => {
  event.preventDefault();
  main.focus();
});
window.addEventListener('wageflow:unauthenticated', () => {
  noteSession(false);
  if (!session) return;
  session = null;
  render(t('session_ended'));
});

render();
