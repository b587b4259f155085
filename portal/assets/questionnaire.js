// A questionnaire (PHQ-9, GAD-7, …) one item at a time: its items and
// answer options come from the definition's own text ("1. Little
// interest…", "one of: 0 Not at all, 1 Several days, …"), and its number
// of items and range from the JSON Schema.

import { el } from './dom.js';
import { errorSlot } from './fields.js';
import { idOf, setAt } from './model.js';

/** Reports whether an answers schema is a questionnaire's: a fixed list of
 * integer items. */
export function isQuestionnaire(answers) {
  const it = answers && answers.properties && answers.properties.items;
  return !!(it && it.type === 'array' && it.minItems && it.minItems === it.maxItems && it.items && it.items.type === 'integer');
}

/** Options "0 Not at all, 1 Several days, …" after "one of:" in a text. */
function options(text) {
  const m = /one of:\s*([^]*?)\.?\s*$/m.exec(text || '');
  if (!m) return null;
  const out = [];
  for (const part of m[1].split(/,\s*/)) {
    const o = /^(\d+)\s+(.+?)\.?$/.exec(part.trim());
    if (o) out.push([Number(o[1]), o[2]]);
  }
  return out.length ? out : null;
}

/** The items, their options and the follow-up question, from the text. */
export function parseQuestionnaire(def, n, min, max) {
  const paras = def.sections.flatMap((s) => s.text.split(/\n\s*\n/).map((p) => p.trim()));
  const items = [];
  let opts = null;
  let followUp = null;
  for (const p of paras) {
    const m = /^(\d+)\.\s+(.+)$/s.exec(p);
    if (m && items.length < n) {
      items.push(m[2]);
      continue;
    }
    const o = options(p);
    if (o && !opts) opts = o;
    else if (o && items.length) followUp = { text: p.replace(/\s*Answer with one of:[^]*$/, ''), options: o };
  }
  const fallback = [];
  for (let v = min; v <= max; v++) fallback.push([v, String(v)]);
  while (items.length < n) items.push(`Question ${items.length + 1}`);
  return { items, options: opts || fallback, followUp };
}

/**
 * Renders the questionnaire's items one at a time. onAnswer(i, value) is
 * told of each answer; it returns the stepper, whose show(i) moves to an
 * item and whose node holds it.
 */
export function stepper(form, def, schema, crisisNode) {
  const s = schema.properties.items;
  const q = parseQuestionnaire(def, s.minItems, s.items.minimum ?? 0, s.items.maximum ?? 3);
  const intro = def.sections.length ? def.sections[0].text.split(/\n\s*\n/)[0] : '';
  // Unanswered at first; not a change the patient made.
  setAt(form.body, '/answers/items', new Array(s.minItems).fill(null));
  const node = el('div', { class: 'stepper' });
  const pages = q.items.map((text, i) => {
    const ptr = `/answers/items/${i}`;
    const err = errorSlot(ptr);
    const name = idOf('q', ptr);
    const fs = el('fieldset', { class: 'choice question', 'aria-describedby': err.id },
      el('legend', {}, el('span', { class: 'qnum' }, `Question ${i + 1} of ${q.items.length}`), ' ', text));
    const opts = el('div', { class: 'options stacked' });
    q.options.forEach(([v, label], j) => {
      const id = `${name}-${j}`;
      const r = el('input', { type: 'radio', id, name, value: String(v) });
      r.addEventListener('change', () => {
        if (!r.checked) return;
        const items = form.get('/answers/items').slice();
        items[i] = v;
        form.set('/answers/items', items);
      });
      opts.append(el('span', { class: 'option' }, r, el('label', { for: id }, label)));
    });
    fs.append(opts, err);
    const page = el('div', { class: 'field', 'data-pointer': ptr, hidden: true }, fs);
    if (i === q.items.length - 1 && crisisNode) page.append(crisisNode);
    return page;
  });
  let at = 0;
  const prev = el('button', { type: 'button', class: 'secondary', onclick: () => show(at - 1) }, 'Previous question');
  const next = el('button', { type: 'button', onclick: () => show(at + 1) }, 'Next question');
  const nav = el('div', { class: 'step-nav' }, prev, next);
  const done = el('p', { class: 'note', hidden: true }, 'All questions answered. Please review and sign below.');
  function show(i) {
    at = Math.max(0, Math.min(i, pages.length - 1));
    pages.forEach((p, j) => { p.hidden = j !== at; });
    prev.disabled = at === 0;
    next.hidden = at === pages.length - 1;
    done.hidden = at !== pages.length - 1;
    const first = pages[at].querySelector('input:checked') || pages[at].querySelector('input');
    if (first && node.isConnected) first.focus();
  }
  node.append(el('p', {}, intro), ...pages, nav, done);
  show(0);
  return { node, show, followUp: q.followUp };
}
