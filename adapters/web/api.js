// Calls to wageflow's JSON API from the pages: the session cookie goes
// along (same origin), every post carries the session's CSRF token, and a
// refusal comes back as an ApiError holding the problem document
// (application/problem+json: status, detail, reason, ...).

import {t} from './i18n.js';

let csrfToken = '';

export function setCsrfToken(token) {
  csrfToken = token || '';
}

export class ApiError extends Error {
  constructor(status, problem) {
    super(problem.detail || problem.title || `HTTP ${status}`);
    this.status = status;
    this.problem = problem;
  }
}

// A fresh key for Idempotency-Key: a retried post is then answered, not
// done twice.
export function newKey() {
  if (crypto.randomUUID) return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

// request('POST', '/api/cases', {json: {...}}); options: json (a body to
// send as JSON), text + type (a raw body), headers. Resolves to the parsed
// JSON (or text) of a 2xx answer; rejects with ApiError otherwise.
// A 401 also fires the `wageflow:unauthenticated` event on window.
export async function request(method, path, options = {}) {
  const headers = {Accept: 'application/json', ...(options.headers || {})};
  let body;
  if (options.json !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(options.json);
  } else if (options.text !== undefined) {
    headers['Content-Type'] = options.type || 'text/plain';
    body = options.text;
  } else if (options.form !== undefined) {
    headers['Content-Type'] = 'application/x-www-form-urlencoded';
    body = new URLSearchParams(options.form).toString();
  }
  if (method !== 'GET' && method !== 'HEAD' && csrfToken) headers['X-CSRF-Token'] = csrfToken;
  let response;
  try {
    response = await fetch(path, {method, headers, body, credentials: 'same-origin'});
  } catch (error) {
    throw new ApiError(0, {
      detail: t('server_unreachable', {error: error.message}),
    });
  }
  const type = response.headers.get('Content-Type') || '';
  const isJson = type.includes('json');
  const payload = isJson ? await response.json().catch(() => ({})) : await response.text();
  if (response.ok) return payload;
  const problem = isJson ? payload : {detail: `HTTP ${response.status}`};
  if (response.status === 401) {
    window.dispatchEvent(new CustomEvent('wageflow:unauthenticated', {detail: problem}));
  }
  throw new ApiError(response.status, problem);
}

export const get = (path) => request('GET', path);
export const post = (path, json, headers) => request('POST', path, {json, headers});
