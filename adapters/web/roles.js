// Who sees which page. The server decides what anyone may actually do;
// these only keep pages out of the way of people who cannot use them.

// The quick consultation form records a legal-aid consultation answered on
// the spot: a case of this workflow opened and closed by this event.
export const CONSULTATION = {workflow: 'legal-aid', event: 'give_advice'};

// The Workflows page is for administrators: province-wide users (they look
// after the workflows of every office) and directors (主任). Accounts hold
// workflow roles only, so `director` is the role that marks them. The API
// behind the page is open to every user; this only keeps the page out of
// clerks' menus.
export const DIRECTOR_ROLE = 'director';

export function isAdministrator(session) {
  return Boolean(session && (session.province_wide || (session.roles || []).includes(DIRECTOR_ROLE)));
}

// `workflow`: the detail of CONSULTATION.workflow (null when there is none).
export function canConsult(workflow) {
  const row = workflow?.transitions?.find((r) => r.event === CONSULTATION.event);
  if (!row) return false;
  const yours = workflow.your_roles || [];
  return row.roles.length === 0 ? yours.length > 0 : row.roles.some((role) => yours.includes(role));
}
