// An entry the server did not take because the session had ended (401):
// what the clerk typed in a form (a step on a case, opening a case, a
// consultation), kept while they log in again and then put back into the
// same form for them to check and submit. Nothing is sent by itself. Kept
// in sessionStorage only: it holds personal data, which must not outlive
// the tab (never localStorage). One entry per tab: the newest wins.
const STORAGE_KEY = 'wageflow.unsent';

// {user, page, address, values: {name: text}, ...}: `page` and the members
// naming the form (a step: caseId and event; opening a case: workflow; a
// consultation: none) are what takeUnsent and dropUnsent match; `address`
// is where the form is (#/case/ID, #/open/WORKFLOW, #/consult). The rest is
// the form's own: comment, office, idempotency keys.
export function keepUnsent(entry) {
  try {
    sessionStorage.setItem(STORAGE_KEY, JSON.stringify(entry));
  } catch {
    // storage refused (full, or disabled): the entry is lost as before
  }
}

function readUnsent() {
  let entry;
  try {
    entry = JSON.parse(sessionStorage.getItem(STORAGE_KEY) || 'null');
  } catch {
    return null;
  }
  // Kept by the pages before there was more than a step's form to keep.
  if (entry && !entry.page && entry.caseId) {
    entry.page = 'case';
    entry.address = `#/case/${encodeURIComponent(entry.caseId)}`;
  }
  return entry;
}

// Whether `entry` is the one of the form `which` names ({page, ...}).
function isOf(entry, which) {
  return Object.entries(which).every(([name, value]) => entry[name] === value);
}

// Drops the kept entry; with `which` ({page, caseId, event} or part of it),
// only if it is that form's.
export function dropUnsent(which) {
  const entry = readUnsent();
  if (!entry) return;
  if (which && !isOf(entry, which)) return;
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

// The entry `user` left in the form `which` names ({page: 'case', caseId},
// {page: 'open', workflow}, {page: 'consult'}), taken out of storage (it is
// in the form from now on); null when there is none.
export function takeUnsent(user, which) {
  const entry = unsentFor(user);
  if (!entry || !isOf(entry, which)) return null;
  dropUnsent();
  return entry;
}
