// An entry the server did not take because the session had ended (401):
// the case, the step, the values and the comment the clerk typed, kept
// while they log in again and then put back into the same form for them to
// check and submit. Nothing is sent by itself. Kept in sessionStorage only:
// it holds personal data, which must not outlive the tab (never
// localStorage).
const STORAGE_KEY = 'wageflow.unsent';

// {user, caseId, event, values: {name: text}, comment}
export function keepUnsent(entry) {
  try {
    sessionStorage.setItem(STORAGE_KEY, JSON.stringify(entry));
  } catch {
    // storage refused (full, or disabled): the entry is lost as before
  }
}

function readUnsent() {
  try {
    return JSON.parse(sessionStorage.getItem(STORAGE_KEY) || 'null');
  } catch {
    return null;
  }
}

// Drops the kept entry; with `which` ({caseId, event}), only if it is that
// form's.
export function dropUnsent(which) {
  const entry = readUnsent();
  if (!entry) return;
  if (which && (entry.caseId !== which.caseId || entry.event !== which.event)) return;
  try {
    sessionStorage.removeItem(STORAGE_KEY);
  } catch {
    // nothing kept
  }
}

// The entry kept for `user`, if any. One kept for someone else is not
// theirs to see: it is dropped.
export function unsentFor(user) {
  const entry = readUnsent();
  if (entry && entry.user !== user) dropUnsent();
  return entry && entry.user === user ? entry : null;
}

// The entry `user` left on case `caseId`, taken out of storage (it is in
// the form from now on); null when there is none.
export function takeUnsent(user, caseId) {
  const entry = unsentFor(user);
  if (!entry || entry.caseId !== caseId) return null;
  dropUnsent();
  return entry;
}
