// Form controls generated from a workflow's field definitions
// ({name, type, required, pii, label, values?, pattern?, hint?, check?}): the right input
// for each type, `required` and `pattern` attributes, checks in the browser
// before anything is sent, and the server's refusal shown next to the field
// it is about.
import {h, uid} from './dom.js';
import {hasWords, label, t} from './i18n.js';

// The money forms the server parses (non-negative here): yuan with up to
// two decimals.
const MONEY_PATTERN = '[0-9]{1,13}(\\.[0-9]{1,2})?';
const INT_PATTERN = '-?[0-9]{1,18}';
const DATE_PATTERN = '[0-9]{4}-[0-9]{2}-[0-9]{2}';

// The server checks a field's pattern with a regex search (anywhere in the
// value), the browser's `pattern` attribute against the whole value: an
// unanchored pattern is widened so both agree. Patterns the browser cannot
// compile get no attribute and are checked by script only.
function patternAttribute(pattern) {
  if (!pattern) return null;
  const anchored = pattern.startsWith('^') && pattern.endsWith('$');
  const whole = anchored ? pattern : `[\\s\\S]*(?:${pattern})[\\s\\S]*`;
  try {
    new RegExp(`^(?:${whole})$`, 'v');
    return whole;
  } catch {
    return null;
  }
}

function searchRegex(pattern) {
  try {
    return new RegExp(pattern, 'u');
  } catch {
    return null;
  }
}

// A resident ID number as `check: resident_id` wants it (GB 11643): 17
// digits and a digit or X, a real date of birth in characters 7-14, and the
// ISO 7064 MOD 11-2 check character last. The server checks the same: the
// browser test runs both on tests/support/resident_ids.json.
export function isResidentId(text) {
  if (!/^[0-9]{17}[0-9X]$/.test(text)) return false;
  const year = text.slice(6, 10);
  if (Number(year) < 1900 || !isRealDate(`${year}-${text.slice(10, 12)}-${text.slice(12, 14)}`)) {
    return false;
  }
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  let sum = 0;
  for (let i = 0; i < 17; i += 1) sum += Number(text[i]) * weights[i];
  return '10X98765432'[sum % 11] === text[17];
}

function isRealDate(text) {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const date = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === text;
}

function inputFor(def, id, required, value) {
  const common = {id, name: def.name, required, 'aria-required': required ? 'true' : null};
  const text = value === undefined || value === null ? '' : String(value);
  switch (def.type) {
    case 'text':
      return h('textarea', {...common, rows: 3, value: text});
    case 'int':
      return h('input', {...common, type: 'text', inputmode: 'numeric', pattern: INT_PATTERN,
        autocomplete: 'off', value: text});
    case 'money':
      return h('input', {...common, type: 'text', inputmode: 'decimal', pattern: MONEY_PATTERN,
        autocomplete: 'off', value: text, class: 'money'});
    case 'date':
      return h('input', {...common, type: 'date', pattern: DATE_PATTERN, value: text});
    case 'bool':
      return h(
        'select',
        common,
        h('option', {value: ''}, t('choose')),
        h('option', {value: 'true', selected: value === true || text === 'true'}, t('yes')),
        h('option', {value: 'false', selected: value === false || text === 'false'}, t('no')),
      );
    case 'enum':
      return h(
        'select',
        common,
        h('option', {value: ''}, t('choose')),
        (def.values || []).map((v) => h('option', {value: v, selected: v === text}, v)),
      );
    default:
      return h('input', {...common, type: 'text', pattern: patternAttribute(def.pattern),
        autocomplete: 'off', value: text});
  }
}

// One labelled control. `options.required` overrides def.required (a
// transition's `requires`); `options.value` pre-fills it; `options.radios`
// shows an enum as a row of radio buttons (one click instead of two).
export class FieldControl {
  constructor(def, options = {}) {
    this.def = def;
    this.name = def.name;
    this.required = options.required ?? def.required;
    this.initial = options.value === undefined || options.value === null ? '' : String(options.value);
    const id = uid(`field-${def.name}`);
    this.error = h('p', {class: 'field-error', id: `${id}-error`, 'aria-live': 'polite'});
    const caption = [
      label(def.label, def.name),
      this.required ? h('span', {class: 'required', title: t('required_mark')}, ' *') : null,
    ];
    const hint = this.hintText();
    const hintNode = hint ? h('p', {class: 'field-hint', id: `${id}-hint`}, hint) : null;
    if (options.radios && def.type === 'enum') {
      this.radios = (def.values || []).map((v, i) => h('input', {type: 'radio', id: `${id}-${i}`,
        name: def.name, value: v, required: this.required, checked: v === this.initial}));
      this.input = h('div', {class: 'radio-row', id, role: 'radiogroup', 'aria-required':
        this.required ? 'true' : null},
      this.radios.map((radio, i) => h('label', {for: radio.id, class: 'radio'}, radio, def.values[i])));
      this.input.focus = () => (this.radios.find((r) => r.checked) || this.radios[0])?.focus();
      this.element = h('fieldset', {class: `field field-${def.type} field-radios`, 'data-field': def.name},
        h('legend', {}, caption), this.input, hintNode, this.error);
    } else {
      this.input = inputFor(def, id, this.required, options.value);
      this.element = h('div', {class: `field field-${def.type}`, 'data-field': def.name},
        h('label', {for: id}, caption), this.input, hintNode, this.error);
    }
    this.input.setAttribute('aria-describedby', [hintNode?.id, this.error.id].filter(Boolean).join(' '));
    this.input.addEventListener('input', () => this.clearError());
    this.input.addEventListener('change', () => this.clearError());
  }

  // The workflow's hint for the field, else the money format.
  hintText() {
    if (this.def.hint) return label(this.def.hint);
    return this.def.type === 'money' ? t('money_hint') : '';
  }

  // The value to send: "" when the control is empty.
  read() {
    if (this.radios) return this.radios.find((r) => r.checked)?.value || '';
    const raw = this.input.value;
    return this.def.type === 'text' ? raw : raw.trim();
  }

  // Sets the value shown (as the server's text form).
  write(value) {
    if (this.radios) {
      for (const radio of this.radios) radio.checked = radio.value === value;
    } else {
      this.input.value = value;
    }
  }

  changed() {
    return this.read() !== this.initial;
  }

  setError(message) {
    this.error.textContent = message;
    this.input.setAttribute('aria-invalid', 'true');
    this.element.classList.add('has-error');
  }

  clearError() {
    this.error.textContent = '';
    this.input.removeAttribute('aria-invalid');
    this.element.classList.remove('has-error');
  }

  // Checks the value as the server would; shows and returns the problem.
  validate() {
    const value = this.read();
    let problem = '';
    if (value === '') {
      // A list (enum, yes/no) is chosen from, not filled in.
      const chosen = this.radios || this.input.tagName === 'SELECT';
      if (this.required) problem = t(chosen ? 'invalid_required_choice' : 'invalid_required');
    } else if (this.def.type === 'int' && !new RegExp(`^${INT_PATTERN}$`).test(value)) {
      problem = /^-?[0-9]{19,}$/.test(value) ? t('invalid_int_too_large') : t('invalid_int');
    } else if (this.def.type === 'money' && !new RegExp(`^${MONEY_PATTERN}$`).test(value)) {
      problem = /^-/.test(value) ? t('invalid_money_negative')
        : /^[0-9]{14,}(\.[0-9]{1,2})?$/.test(value) ? t('invalid_money_too_large') : t('invalid_money');
    } else if (this.def.type === 'date' && !isRealDate(value)) {
      problem = t('invalid_date');
    } else if (this.def.type === 'enum' && !(this.def.values || []).includes(value)) {
      problem = t('invalid_enum');
    } else if (this.def.pattern) {
      const regex = searchRegex(this.def.pattern);
      if (regex && !regex.test(value)) {
        problem = this.def.hint ? `${t('invalid_pattern')}${t('expected_form')}${label(this.def.hint)}`
          : `${t('invalid_pattern')} ${this.def.pattern}`;
      }
    }
    if (!problem && value !== '' && (this.def.min !== undefined || this.def.max !== undefined)) {
      problem = boundProblem(this.def, value);
    }
    if (!problem && value !== '' && this.def.check === 'resident_id' && !isResidentId(value)) {
      problem = t('invalid_resident_id');
    }
    if (problem) this.setError(problem);
    else this.clearError();
    return !problem;
  }
}

// An int, or an amount in fen, as a BigInt (ints reach 18 digits).
function numberOf(type, text) {
  if (type !== 'money') return BigInt(text);
  const [yuan, fen = ''] = String(text).split('.');
  return BigInt(yuan) * 100n + BigInt((fen + '00').slice(0, 2));
}

// The field's `min:`/`max:` (int: a number, money: yuan as text) broken by
// `value`, said as the server says it; '' when within them.
function boundProblem(def, value) {
  const n = numberOf(def.type, value);
  if (def.min !== undefined && n < numberOf(def.type, def.min)) return t('invalid_below', {min: def.min});
  if (def.max !== undefined && n > numberOf(def.type, def.max)) return t('invalid_above', {max: def.max});
  return '';
}

// The control of `controls` the form shows first: forms group their
// fields (required, optional, folded away), so the order of the list, which
// is the workflow's, is not the order on the page.
export function firstOnPage(controls) {
  const follows = (a, b) =>
    a.element.compareDocumentPosition(b.element) & Node.DOCUMENT_POSITION_FOLLOWING;
  return controls.reduce((first, control) => (first && follows(first, control) ? first : control), null);
}

// Puts the keyboard on a control, unfolding the <details> it is folded in.
export function focusControl(control) {
  const folded = control.element.closest('details');
  if (folded) folded.open = true;
  control.input.focus();
}

// Validates every control; focuses the one in error the form shows first.
// True when all are fine.
export function validateControls(controls) {
  const failed = controls.filter((control) => !control.validate());
  if (failed.length) focusControl(firstOnPage(failed));
  return !failed.length;
}

// Field name -> value for the controls that hold a value (all of them, or
// only those changed from their pre-filled value). With `emptied`, a
// pre-filled control the user emptied is sent as '' (a correction clears
// the field).
export function collectValues(controls, {changedOnly = false, emptied = false} = {}) {
  const values = {};
  for (const control of controls) {
    const value = control.read();
    if (value === '' && !(emptied && control.changed())) continue;
    if (changedOnly && !control.changed()) continue;
    values[control.name] = value;
  }
  return values;
}

// Which of `names` a refusal is about: the problem's `field`/`fields`
// members when the server gives them, else the field names its detail
// mentions ("field region (地区): ...", "requires hearing_date (开庭日期) ...").
export function fieldsOfProblem(problem, names) {
  if (problem.field) return [problem.field];
  if (Array.isArray(problem.fields)) return problem.fields;
  const detail = problem.detail || '';
  const quoted = detail.match(/^field (\S+)/) || detail.match(/unknown field '([^']+)'/);
  if (quoted && names.includes(quoted[1])) return [quoted[1]];
  return names.filter((name) => new RegExp(`(^|[^\\w])${name}([^\\w]|$)`).test(detail));
}

// What a refusal means in the page's language, by its `reason`; null for
// a reason with no sentence here, whose server words are shown alone.
export function refusalSentence(problem) {
  const key = `refused_${String(problem.reason || '').replaceAll('-', '_')}`;
  return problem.reason && hasWords(key) ? t(key) : null;
}

// Shows a server refusal: next to each field it names, and in `summary`
// (the form's message area): the page's sentence for its reason, then the
// server's words. `comment` is the comment control, if any.
export function showProblem(error, controls, summary, comment) {
  const problem = error.problem || {detail: error.message};
  const names = controls.map((c) => c.name);
  const named = fieldsOfProblem(problem, names);
  const sentence = refusalSentence(problem);
  // A value refused for its form: the server's words name the field and
  // what it takes (its hint), so they stand next to it.
  const fieldError = problem.reason === 'missing-required' ? t('invalid_required')
    : problem.reason === 'bad-value' ? problem.detail : sentence || problem.detail;
  const marked = controls.filter((control) => named.includes(control.name));
  for (const control of marked) control.setError(fieldError);
  if (comment && problem.missing === 'comment') {
    comment.setError(sentence || problem.detail);
    marked.push(comment);
  }
  const words = problem.detail || error.message;
  summary.replaceChildren(...(sentence
    ? [h('span', {class: 'refusal-sentence'}, sentence), ' ',
      h('span', {class: 'refusal-detail'}, t('refused_server_words', {detail: words}))]
    : [words]));
  summary.hidden = false;
  if (marked.length) focusControl(firstOnPage(marked));
}
