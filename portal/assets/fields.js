// Form controls made from a JSON Schema: objects become fieldsets,
// booleans a yes/no choice, short enums radio buttons, long ones a
// select, numbers and text inputs, lists of objects repeatable groups.
// A member that an if/then/else only asks for when the "if" holds (the
// medical history's conditional questions) is shown only then.

import { el, words } from './dom.js';
import { getAt, setAt, deleteAt, idOf } from './model.js';
import { token, valid } from './schema.js';

/**
 * A Form holds one submission body being filled in, its conditional
 * members and the error slot of each field.
 */
export class Form {
  constructor(body, onChange) {
    this.body = body;
    this.onChange = onChange;
    this.conditions = [];
  }

  set(ptr, value) {
    if (value === undefined) deleteAt(this.body, ptr);
    else setAt(this.body, ptr, value);
    this.refresh();
    this.onChange(ptr);
  }

  get(ptr) {
    return getAt(this.body, ptr);
  }

  /** Shows or hides each conditional member after a change. */
  refresh() {
    for (const c of this.conditions) {
      const show = valid(c.if, getAt(this.body, c.parent) ?? {});
      if (show === !c.node.hidden) continue;
      c.node.hidden = !show;
      // A hidden list the form always asks for is sent empty (the
      // medical history's "which ones", none unless the answer above is
      // yes); any other hidden member is left out.
      if (!show && c.required && c.initial !== undefined) setAt(this.body, c.ptr, structuredClone(c.initial));
      else if (!show) deleteAt(this.body, c.ptr);
      else if (c.initial !== undefined && getAt(this.body, c.ptr) === undefined) setAt(this.body, c.ptr, structuredClone(c.initial));
    }
  }
}

/** The error slot of a field, and its id for aria-describedby. */
export function errorSlot(ptr) {
  return el('p', { class: 'error', id: idOf('err', ptr), hidden: true });
}

/** The members of an object schema in the order the form asks them: its
 * required ones in their order, then the rest. */
function memberOrder(s) {
  const req = s.required || [];
  const rest = Object.keys(s.properties || {}).filter((k) => !req.includes(k)).sort();
  return [...req.filter((k) => s.properties && k in s.properties), ...rest];
}

/** Members an if/then/else asks for only when its "if" holds. */
function conditionalMembers(s) {
  const out = [];
  for (const c of [s, ...(s.allOf || [])]) {
    if (!c.if) continue;
    const members = new Set();
    for (const r of (c.then && c.then.required) || []) if (!(s.required || []).includes(r)) members.add(r);
    const e = c.else || {};
    for (const r of (e.not && e.not.required) || []) members.add(r);
    for (const [k, p] of Object.entries(e.properties || {})) if (p && p.maxItems === 0) members.add(k);
    for (const m of members) out.push({ member: m, if: c.if });
  }
  return out;
}

/** Renders the members of an object schema at ptr into parent, leaving
 * out skip. */
export function renderMembers(form, s, ptr, parent, skip = []) {
  const conds = conditionalMembers(s);
  for (const k of memberOrder(s)) {
    if (skip.includes(k)) continue;
    const p = s.properties[k];
    const mptr = `${ptr}/${token(k)}`;
    const node = renderField(form, p, mptr, labelFor(k, p), (s.required || []).includes(k));
    const cond = conds.find((c) => c.member === k);
    const required = (s.required || []).includes(k);
    if (cond) {
      form.conditions.push({ if: cond.if, parent: ptr, ptr: mptr, node, required, initial: p.type === 'array' ? [] : undefined });
      node.hidden = true;
    }
    if (p.type === 'array' && (!cond || required) && form.get(mptr) === undefined) setAt(form.body, mptr, []);
    parent.append(node);
  }
}

/** The question a member asks: its description, but a phone number's
 * description is only its format. */
function labelFor(k, p) {
  if (p.pattern && p.pattern.startsWith('^\\+')) return `${words(k)} number, with the country code (e.g. +14155550123)`;
  return p.description || words(k);
}

/** Renders one field for schema s at ptr. */
export function renderField(form, s, ptr, label, required) {
  const err = errorSlot(ptr);
  const wrap = el('div', { class: 'field', 'data-pointer': ptr });
  const id = idOf('f', ptr);
  const hint = required ? '' : ' (optional)';
  if (s.type === 'object') {
    const fs = el('fieldset', {}, el('legend', {}, label + hint));
    renderMembers(form, s, ptr, fs);
    fs.append(err);
    wrap.append(fs);
    return wrap;
  }
  if (s.type === 'boolean') {
    wrap.append(choice(form, ptr, label + hint, [[true, 'Yes'], [false, 'No']], err));
    return wrap;
  }
  if (s.enum && s.enum.length <= 6) {
    wrap.append(choice(form, ptr, label + hint, s.enum.map((v) => [v, words(v)]), err));
    return wrap;
  }
  if (s.enum) {
    const sel = el('select', { id, 'aria-describedby': err.id, required },
      el('option', { value: '' }, 'Choose…'), s.enum.map((v) => el('option', { value: v }, words(v))));
    sel.addEventListener('change', () => form.set(ptr, sel.value === '' ? undefined : sel.value));
    wrap.append(el('label', { for: id }, label + hint), sel, err);
    return wrap;
  }
  if (s.type === 'array') {
    wrap.append(list(form, s, ptr, label + hint, err));
    return wrap;
  }
  if (s.type === 'integer' || s.type === 'number') {
    const input = el('input', {
      id, type: 'text', inputmode: s.type === 'integer' ? 'numeric' : 'decimal', 'aria-describedby': err.id, required,
      autocomplete: 'off',
    });
    input.addEventListener('input', () => {
      const t = input.value.trim();
      form.set(ptr, t === '' ? undefined : (Number.isFinite(Number(t)) ? Number(t) : t));
    });
    wrap.append(el('label', { for: id }, label + hint), input, err);
    return wrap;
  }
  const long = (s.maxLength || 0) > 200;
  const input = el(long ? 'textarea' : 'input', {
    id, 'aria-describedby': err.id, required, maxlength: s.maxLength, rows: long ? 3 : undefined,
    type: long ? undefined : (s.pattern && s.pattern.startsWith('^\\+') ? 'tel' : 'text'),
    autocomplete: 'off',
  });
  input.addEventListener('input', () => form.set(ptr, input.value === '' ? undefined : input.value));
  wrap.append(el('label', { for: id }, label + hint), input, err);
  return wrap;
}

/** A radio group for one value among options ([value, label] pairs). */
export function choice(form, ptr, label, options, err) {
  const name = idOf('r', ptr);
  const fs = el('fieldset', { class: 'choice', 'aria-describedby': err.id },
    el('legend', {}, label));
  const row = el('div', { class: 'options' });
  options.forEach(([value, text], i) => {
    const id = `${name}-${i}`;
    const r = el('input', { type: 'radio', id, name, value: JSON.stringify(value) });
    r.addEventListener('change', () => { if (r.checked) form.set(ptr, value); });
    row.append(el('span', { class: 'option' }, r, el('label', { for: id }, text)));
  });
  fs.append(row, err);
  return fs;
}

/** A repeatable group: a list of entries with Add and Remove buttons. */
function list(form, s, ptr, label, err) {
  const fs = el('fieldset', { class: 'list' }, el('legend', {}, label));
  const items = el('div', { class: 'items' });
  const noun = 'entry';
  const draw = () => {
    items.replaceChildren();
    const v = form.get(ptr) || [];
    v.forEach((_, i) => {
      const iptr = `${ptr}/${i}`;
      const box = el('div', { class: 'item' });
      const item = s.items || {};
      if (item.type === 'object') {
        const ifs = el('fieldset', {}, el('legend', {}, `${words(noun)} ${i + 1}`));
        renderMembers(form, item, iptr, ifs);
        box.append(ifs);
      } else {
        box.append(renderField(form, item, iptr, `${words(noun)} ${i + 1}`, true));
      }
      box.append(el('button', {
        type: 'button', class: 'secondary',
        onclick: () => { deleteAt(form.body, iptr); form.set(ptr, form.get(ptr)); draw(); },
      }, `Remove ${noun} ${i + 1}`));
      items.append(box);
    });
  };
  const add = el('button', {
    type: 'button', class: 'secondary',
    onclick: () => {
      const v = form.get(ptr) || [];
      v.push((s.items || {}).type === 'object' ? {} : undefined);
      form.set(ptr, v.filter((x) => x !== undefined || (s.items || {}).type !== 'object'));
      draw();
      const first = items.lastElementChild && items.lastElementChild.querySelector('input, select, textarea');
      if (first) first.focus();
    },
  }, `Add an ${noun}`);
  fs.append(items, add, err);
  draw();
  return fs;
}
