// A small JSON Schema (2020-12) checker: exactly the keywords Consentry's
// form schemas use (type, const, enum, required, properties,
// additionalProperties, items, minItems, maxItems, uniqueItems, minimum,
// maximum, exclusiveMinimum, minLength, maxLength, pattern, format uuid,
// allOf, if/then/else, not). It is written here rather than bundled
// (Ajv and friends are 100+ KB and compile schemas with new Function,
// which the page's Content-Security-Policy forbids). The server enforces
// the same schema, so any rule this misses still comes back as a problem
// with its pointer.

/** Escapes one JSON pointer token (RFC 6901). */
export function token(s) {
  return String(s).replace(/~/g, '~0').replace(/\//g, '~1');
}

const uuid = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
const patterns = new Map();

function regex(p) {
  let r = patterns.get(p);
  if (!r) {
    r = new RegExp(p, 'u');
    patterns.set(p, r);
  }
  return r;
}

function typeOf(v) {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v;
}

function typeMatches(want, v) {
  const got = typeOf(v);
  return want === got || (want === 'number' && got === 'integer');
}

function equal(a, b) {
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * Checks value against schema and returns every problem as
 * {pointer, code, message}; a missing member is reported at its own
 * pointer, as the server does.
 */
export function check(schema, value, pointer = '') {
  const out = [];
  visit(schema, value, pointer, out);
  return out;
}

/** Reports whether value satisfies schema. */
export function valid(schema, value) {
  return check(schema, value).length === 0;
}

function visit(s, v, ptr, out) {
  if (s === true || s === undefined) return;
  if (s === false) {
    out.push({ pointer: ptr, code: 'not_allowed', message: 'This is not allowed here.' });
    return;
  }
  if ('const' in s && !equal(s.const, v)) {
    out.push({ pointer: ptr, code: s.const === true ? 'must_be_true' : 'const', message: s.const === true ? 'Please confirm this.' : 'This value is not allowed.' });
    return;
  }
  if (s.enum && !s.enum.some((e) => equal(e, v))) {
    out.push({ pointer: ptr, code: 'oneof', message: 'Please choose one of the options.' });
    return;
  }
  if (s.type && !typeMatches(s.type, v)) {
    out.push({ pointer: ptr, code: 'type', message: typeMessage(s.type) });
    return;
  }
  if (typeof v === 'string') {
    if (s.minLength !== undefined && [...v].length < s.minLength) out.push({ pointer: ptr, code: 'required', message: 'This is required.' });
    else if (s.maxLength !== undefined && [...v].length > s.maxLength) out.push({ pointer: ptr, code: 'max', message: `Use at most ${s.maxLength} characters.` });
    else if (s.pattern && !regex(s.pattern).test(v)) out.push({ pointer: ptr, code: 'pattern', message: patternMessage(s.pattern) });
    else if (s.format === 'uuid' && !uuid.test(v)) out.push({ pointer: ptr, code: 'uuid', message: 'This is not a valid id.' });
  }
  if (typeof v === 'number') {
    if (s.minimum !== undefined && v < s.minimum) out.push({ pointer: ptr, code: 'min', message: `Must be at least ${s.minimum}.` });
    if (s.exclusiveMinimum !== undefined && v <= s.exclusiveMinimum) out.push({ pointer: ptr, code: 'gt', message: `Must be more than ${s.exclusiveMinimum}.` });
    if (s.maximum !== undefined && v > s.maximum) out.push({ pointer: ptr, code: 'max', message: `Must be at most ${s.maximum}.` });
  }
  if (Array.isArray(v)) {
    if (s.minItems !== undefined && v.length < s.minItems) out.push({ pointer: ptr, code: 'min', message: s.minItems === 1 ? 'Add at least one.' : `Answer all ${s.minItems}.` });
    if (s.maxItems !== undefined && v.length > s.maxItems) out.push({ pointer: ptr, code: 'max', message: s.maxItems === 0 ? 'Leave this empty.' : `At most ${s.maxItems}.` });
    if (s.uniqueItems && new Set(v.map((x) => JSON.stringify(x))).size !== v.length) out.push({ pointer: ptr, code: 'unique', message: 'Each entry must be different.' });
    if (s.items) v.forEach((x, i) => visit(s.items, x, `${ptr}/${i}`, out));
  }
  if (v && typeof v === 'object' && !Array.isArray(v)) {
    for (const r of s.required || []) {
      if (!(r in v)) out.push({ pointer: `${ptr}/${token(r)}`, code: 'required', message: 'This is required.' });
    }
    const props = s.properties || {};
    for (const [k, x] of Object.entries(v)) {
      if (k in props) visit(props[k], x, `${ptr}/${token(k)}`, out);
      else if (s.additionalProperties === false) out.push({ pointer: `${ptr}/${token(k)}`, code: 'unknown', message: 'This is not asked for.' });
      else if (typeof s.additionalProperties === 'object') visit(s.additionalProperties, x, `${ptr}/${token(k)}`, out);
    }
  }
  for (const sub of s.allOf || []) visit(sub, v, ptr, out);
  if (s.if !== undefined) {
    const branch = valid(s.if, v) ? s.then : s.else;
    if (branch !== undefined) visit(branch, v, ptr, out);
  }
  if (s.not !== undefined && valid(s.not, v)) {
    out.push({ pointer: ptr, code: 'not_allowed', message: 'This answer does not fit your other answers.' });
  }
}

function typeMessage(t) {
  switch (t) {
    case 'boolean': return 'Please choose yes or no.';
    case 'integer': return 'Enter a whole number.';
    case 'number': return 'Enter a number.';
    case 'array': return 'Please answer this.';
    default: return 'This is required.';
  }
}

function patternMessage(p) {
  if (p === '^\\p{L}{1,4}$') return 'Enter your initials: 1 to 4 letters.';
  if (p.startsWith('^\\+')) return 'Enter a phone number with its country code, e.g. +14155550123.';
  return 'Please check what you typed (no leading or trailing spaces).';
}
