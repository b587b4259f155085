// One form's page: its text and questions from the published definition,
// checked as the patient types against the form's JSON Schema, the
// signing block, and the server's answer (its problems shown next to the
// field each pointer names).

import { el, paragraphs } from './dom.js';
import { Form, errorSlot, renderMembers, choice } from './fields.js';
import { idOf } from './model.js';
import { check } from './schema.js';
import { signaturePad } from './pad.js';
import { isQuestionnaire, stepper } from './questionnaire.js';

/** The answers that raise an urgent flag at once, by form: the crisis text
 * is shown as soon as one is given. The server screens every record too,
 * and its receipt's urgent flags show the text again. */
const urgentAnswers = {
  'phq-9': (body) => (body.answers && body.answers.items && body.answers.items[8]) > 0,
};

/** Renders the crisis text box (hidden until shown). */
export function crisisBox(text, heading = 'h3') {
  return el('div', { class: 'crisis', role: 'alert', hidden: true },
    el(heading, {}, 'If you need help now'), ...paragraphs(text));
}

/**
 * Renders the page of one form of the session. api posts the body;
 * signed(receipt) is called once the record is stored.
 */
export function formPage(entry, session, api, signed) {
  const def = entry.definition;
  const schema = def.schema;
  const answers = schema.properties.answers || { type: 'object', properties: {} };
  const needsInitials = ((schema.properties.initials || {}).required || []).length > 0;
  const touched = new Set();
  let submitted = false;
  const body = {
    form: def.kind, version: def.version, patient_id: session.patient.id, answers: {},
    signature: { typed_name: '', intent: false }, electronic_records_consent: false,
  };
  if (needsInitials) body.initials = {};
  const form = new Form(body, (ptr) => { touched.add(ptr); update(); });
  const crisis = crisisBox(session.crisis_text);

  const root = el('form', { class: 'form-page', novalidate: true, 'aria-labelledby': 'form-title' });
  const summary = el('div', { class: 'summary', tabindex: '-1', hidden: true, role: 'alert' });
  root.append(el('h2', { id: 'form-title', tabindex: '-1' }, def.title), summary);

  // The body of the form.
  let steps = null;
  if (isQuestionnaire(answers)) {
    steps = stepper(form, def, answers, null);
    root.append(steps.node, crisis);
    if (steps.followUp && answers.properties.difficulty) {
      const ptr = '/answers/difficulty';
      const err = errorSlot(ptr);
      const wrap = el('div', { class: 'field', 'data-pointer': ptr });
      const c = choice(form, ptr, steps.followUp.text + ' (optional)', steps.followUp.options, err);
      wrap.append(c);
      root.append(wrap);
    }
  } else {
    for (const s of def.sections) {
      const sec = el('section', { class: 'consent-section', 'aria-labelledby': idOf('h', s.id) },
        el('h3', { id: idOf('h', s.id) }, s.title), ...paragraphs(s.text));
      if (s.initials_required) sec.append(initialsField(form, s.id, `Your initials for “${s.title}”`));
      root.append(sec);
    }
    for (const c of def.clauses || []) {
      const ptr = `/answers/clauses/${c.id}`;
      const err = errorSlot(ptr);
      const wrap = el('div', { class: 'field', 'data-pointer': ptr });
      const sec = el('section', { class: 'consent-section clause', 'aria-labelledby': idOf('h', c.id) },
        el('h3', { id: idOf('h', c.id) }, `Optional: ${c.title}`), ...paragraphs(c.text));
      wrap.append(choice(form, ptr, `Do you agree to “${c.title}”?`, [[true, 'Yes, I agree'], [false, 'No, I do not agree']], err));
      sec.append(wrap, initialsField(form, c.id, `Your initials for your decision on “${c.title}”`));
      root.append(sec);
    }
    const rest = el('div', { class: 'answers' });
    renderMembers(form, answers, '/answers', rest, ['clauses']);
    if (rest.childElementCount) root.append(rest);
    form.refresh();
  }

  // The signing block.
  const sign = el('section', { class: 'signing', 'aria-labelledby': 'sign-title' },
    el('h3', { id: 'sign-title' }, 'Sign'), ...paragraphs(def.attestation));
  sign.append(textField(form, '/signature/typed_name', 'Type your full name. This is your signature.', 'name'));
  const padHelp = el('p', { id: 'pad-help', class: 'hint' },
    'You may also draw your signature below with a finger, pen or mouse. This is optional: your typed name is your signature.');
  const pad = signaturePad('pad', () => form.set('/signature/drawn_png', pad.png()), 'pad-help');
  const padField = el('div', { class: 'field', 'data-pointer': '/signature/drawn_png' },
    el('p', { class: 'label' }, 'Drawn signature (optional)'), padHelp, pad.node, errorSlot('/signature/drawn_png'));
  sign.append(padField);
  sign.append(checkField(form, '/signature/intent', `I agree. By signing I mean: “${def.signature_meaning}”.`));
  sign.append(el('h4', {}, 'Electronic records'), ...paragraphs(def.electronic_records_disclosure));
  sign.append(checkField(form, '/electronic_records_consent',
    'I agree to sign and get these records electronically. I know I can ask for a paper copy at any time, at no cost.'));
  const send = el('button', { type: 'submit', class: 'primary' }, 'Sign and send');
  const status = el('p', { class: 'status', 'aria-live': 'polite' });
  sign.append(send, status);
  root.append(sign);

  root.addEventListener('focusout', (e) => {
    const f = e.target.closest && e.target.closest('[data-pointer]');
    if (f && !f.contains(e.relatedTarget)) {
      touched.add(f.dataset.pointer);
      update();
    }
  });

  function clean() {
    const b = structuredClone(body);
    if (b.initials && !Object.keys(b.initials).length && !needsInitials) delete b.initials;
    return b;
  }

  function update(serverErrors) {
    const errs = serverErrors || check(schema, clean());
    show(errs, serverErrors ? () => true : (ptr) => submitted || [...touched].some((t) => t === ptr || ptr.startsWith(t + '/') || t.startsWith(ptr + '/')));
    crisis.hidden = !(urgentAnswers[def.kind] && urgentAnswers[def.kind](body));
    return errs;
  }

  /** Puts each error next to the field its pointer names (the deepest
   * field whose pointer is a prefix of it); the rest go to the summary. */
  function show(errs, visible) {
    const fields = [...root.querySelectorAll('[data-pointer]')];
    for (const f of fields) {
      const slot = f.querySelector('.error');
      if (slot && slot.closest('[data-pointer]') === f) { slot.hidden = true; slot.textContent = ''; }
      f.classList.remove('invalid');
      f.querySelectorAll('[aria-invalid]').forEach((x) => x.removeAttribute('aria-invalid'));
    }
    const placed = [];
    for (const e of errs) {
      let best = null;
      for (const f of fields) {
        const p = f.dataset.pointer;
        if ((e.pointer === p || e.pointer.startsWith(p + '/')) && (!best || p.length > best.dataset.pointer.length)) best = f;
      }
      placed.push({ e, f: best });
      if (!best || !visible(e.pointer)) continue;
      const slot = [...best.querySelectorAll('.error')].find((s) => s.closest('[data-pointer]') === best);
      if (slot && slot.hidden) {
        slot.hidden = false;
        slot.textContent = message(e, best);
        best.classList.add('invalid');
        best.querySelectorAll('input, select, textarea').forEach((x) => x.setAttribute('aria-invalid', 'true'));
      }
    }
    return placed;
  }

  function message(e, field) {
    if (field.classList.contains('initials-field') && e.code === 'required') return 'Enter your initials to show that you read this part.';
    if (field.querySelector('input[type=radio]') && (e.code === 'type' || e.code === 'required')) return 'Please choose an answer.';
    // The server's messages start in lower case; the page shows sentences.
    return e.message.charAt(0).toUpperCase() + e.message.slice(1);
  }

  function showSummary(placed) {
    summary.replaceChildren();
    if (!placed.length) { summary.hidden = true; return; }
    const list = el('ul');
    for (const { e, f } of placed) {
      const label = f ? labelOf(f) : 'This form';
      list.append(el('li', {}, f ? el('button', { type: 'button', class: 'link', onclick: () => focusField(f) }, `${label}: ${message(e, f)}`) : `${label}: ${e.message}`));
    }
    summary.append(el('h3', {}, `Please check ${placed.length} thing${placed.length > 1 ? 's' : ''} before signing`), list);
    summary.hidden = false;
    summary.focus();
  }

  function focusField(f) {
    const page = f.closest('.stepper') && f;
    if (page && steps) steps.show(Number(f.dataset.pointer.split('/').pop()));
    const c = f.querySelector('input, select, textarea, canvas');
    if (c) c.focus();
  }

  root.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    submitted = true;
    const errs = update();
    if (errs.length) {
      showSummary(show(errs, () => true));
      return;
    }
    send.disabled = true;
    status.textContent = 'Sending…';
    try {
      const res = await api.submit(clean());
      if (res.status === 201) {
        signed(res.body);
        return;
      }
      status.textContent = '';
      if (res.status === 422 && res.body.errors) {
        showSummary(show(res.body.errors, () => true));
      } else {
        summary.replaceChildren(el('h3', {}, 'Not sent'), el('p', {}, res.body.detail ? res.body.detail.charAt(0).toUpperCase() + res.body.detail.slice(1) : 'Something went wrong. Please try again.'));
        summary.hidden = false;
        summary.focus();
      }
    } catch (e) {
      status.textContent = 'Could not reach the clinic. Check your connection and try again.';
    } finally {
      send.disabled = false;
    }
  });

  update();
  return root;
}

function labelOf(f) {
  const l = f.querySelector('legend, label, .label');
  return l ? l.textContent.replace(/\s*\(optional\)$/, '') : 'Field';
}

function initialsField(form, id, label) {
  const ptr = `/initials/${id}`;
  const fid = idOf('f', ptr);
  const err = errorSlot(ptr);
  const input = el('input', {
    id: fid, class: 'initials', maxlength: 4, autocomplete: 'off', autocapitalize: 'characters', spellcheck: 'false',
    'aria-describedby': err.id, required: true,
  });
  input.addEventListener('input', () => form.set(ptr, input.value === '' ? undefined : input.value));
  return el('div', { class: 'field initials-field', 'data-pointer': ptr }, el('label', { for: fid }, label), input, err);
}

function textField(form, ptr, label, autocomplete) {
  const fid = idOf('f', ptr);
  const err = errorSlot(ptr);
  const input = el('input', { id: fid, autocomplete, 'aria-describedby': err.id, required: true, maxlength: 200 });
  input.addEventListener('input', () => form.set(ptr, input.value));
  return el('div', { class: 'field', 'data-pointer': ptr }, el('label', { for: fid }, label), input, err);
}

function checkField(form, ptr, label) {
  const fid = idOf('f', ptr);
  const err = errorSlot(ptr);
  const input = el('input', { type: 'checkbox', id: fid, 'aria-describedby': err.id, required: true });
  input.addEventListener('change', () => form.set(ptr, input.checked));
  return el('div', { class: 'field check', 'data-pointer': ptr }, input, el('label', { for: fid }, label), err);
}
