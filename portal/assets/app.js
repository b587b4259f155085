// The patient portal: opens the invitation of the link (its token is in
// the URL's fragment, which the browser never sends to a server), shows
// each form to sign, and after each signature the receipt and the
// patient's own copy of the sealed PDF.

import { el, paragraphs } from './dom.js';
import { client, kioskNext } from './api.js';
import { formPage, crisisBox } from './form.js';

const main = document.getElementById('main');
const tokenKey = 'consentry-invitation';
// A clinic tablet in kiosk mode keeps its kiosk token across restarts;
// each patient's invitation lives only for the tab, until they finish.
const kioskKey = 'consentry-kiosk';

/** Takes a token from the fragment once (an invitation's, kept for this
 * tab only, or a kiosk's, kept on the tablet) and removes it from the
 * address bar. */
function takeToken() {
  const h = location.hash.replace(/^#/, '');
  if (h.startsWith('csi_')) {
    sessionStorage.setItem(tokenKey, h);
    sessionStorage.removeItem('consentry-kiosk-mode');
  }
  if (h.startsWith('cst_')) {
    localStorage.setItem(kioskKey, h);
    sessionStorage.removeItem(tokenKey);
  }
  if (h) history.replaceState(null, '', location.pathname + location.search);
  return sessionStorage.getItem(tokenKey);
}

/** Reports whether this tab runs a patient's forms on a kiosk tablet. */
function kioskMode() {
  return sessionStorage.getItem('consentry-kiosk-mode') === '1' && !!localStorage.getItem(kioskKey);
}

/** Ends the patient's turn on a kiosk tablet and waits for the next. */
function handBack() {
  sessionStorage.removeItem(tokenKey);
  kioskHome();
}

/** The kiosk's waiting screen: the clinic hands the tablet to the next
 * patient, who starts their forms without any link. */
function kioskHome() {
  const status = el('p', { class: 'status', 'aria-live': 'polite' });
  const go = el('button', {
    type: 'button', class: 'primary',
    onclick: async () => {
      status.textContent = 'Opening your forms…';
      let res;
      try {
        res = await kioskNext(localStorage.getItem(kioskKey));
      } catch {
        status.textContent = 'Cannot reach the clinic. Check the connection and try again.';
        return;
      }
      if (res.status === 200) {
        sessionStorage.setItem(tokenKey, res.body.token);
        sessionStorage.setItem('consentry-kiosk-mode', '1');
        start();
      } else if (res.status === 401) {
        localStorage.removeItem(kioskKey);
        page('This tablet is not paired', el('p', { class: 'notice' }, 'Ask the clinic to pair it again.'));
      } else {
        status.textContent = res.status === 404
          ? 'No patient is waiting yet. Please ask the front desk.'
          : (res.body.detail || 'Something went wrong. Please try again.');
      }
    },
  }, 'Start the next patient');
  page('Welcome', el('p', {}, 'This tablet is ready for the next patient. When the clinic hands it to you, press the button to see your forms.'), go, status);
}

/** Shows a page: replaces the main content and moves focus to its heading. */
function page(title, ...children) {
  document.title = `${title} · Patient portal`;
  const h = el('h1', { tabindex: '-1' }, title);
  main.replaceChildren(h, ...children.filter(Boolean));
  h.focus();
  window.scrollTo(0, 0);
}

/** The server's details start in lower case; the page shows sentences. */
function sentence(s) {
  return s ? s.charAt(0).toUpperCase() + s.slice(1) + (/[.!?]$/.test(s) ? '' : '.') : '';
}

function refused(status, body) {
  const detail = {
    401: 'This link does not work. Check that you opened the whole link from your message, or ask the clinic for a new one.',
    429: 'Too many tries from this device. Please wait a minute and try again.',
  }[status] || sentence(body.detail) || 'Something went wrong. Please try again later.';
  const title = status === 410 ? 'This link can no longer be used' : 'This link does not work';
  page(title, el('p', { class: 'notice' }, detail), kioskMode() && el('button', { type: 'button', onclick: handBack }, 'Back to the start'));
}

async function start() {
  const token = takeToken();
  if (!token && localStorage.getItem(kioskKey)) {
    kioskHome();
    return;
  }
  if (!token) {
    page('Patient portal', el('p', {}, 'Open the link the clinic sent you to sign your forms.'));
    return;
  }
  const api = client(token);
  let res;
  try {
    res = await api.session();
  } catch {
    page('Cannot reach the clinic', el('p', { class: 'notice' }, 'Check your connection and reload this page.'));
    return;
  }
  if (res.status !== 200) {
    refused(res.status, res.body);
    return;
  }
  const session = res.body;
  const receipts = {};
  overview(session, api, receipts);
}

function overview(session, api, receipts) {
  const list = el('ol', { class: 'form-list' });
  let next = null;
  session.forms.forEach((f, i) => {
    const done = f.submission_id || receipts[f.kind];
    if (!done && next === null) next = i;
    list.append(el('li', {}, el('span', {}, f.definition.title), ' ', el('span', { class: done ? 'badge done' : 'badge' }, done ? 'Signed' : 'To sign')));
  });
  const children = [
    el('p', {}, `Hello ${session.patient.given_name}. ${session.clinic} asks you to read and sign ${session.forms.length === 1 ? 'this form' : 'these forms'}:`),
    list,
  ];
  if (next !== null) {
    children.push(el('button', { type: 'button', class: 'primary', onclick: () => openForm(session, api, receipts, next) }, 'Start'));
  } else {
    children.push(el('p', { class: 'notice' }, 'Every form is signed. Thank you. You may close this page.'));
  }
  page('Your forms', ...children);
}

function openForm(session, api, receipts, i) {
  const entry = session.forms[i];
  const node = formPage(entry, session, api, (receipt) => {
    receipts[entry.kind] = receipt;
    receiptPage(session, api, receipts, i, receipt);
  });
  page(`Form ${i + 1} of ${session.forms.length}`, node);
}

function receiptPage(session, api, receipts, i, r) {
  const entry = session.forms[i];
  const urgent = (r.flags || []).some((f) => f.urgent);
  const received = new Date(r.created_at);
  const status = el('p', { class: 'status', 'aria-live': 'polite' });
  const download = el('button', {
    type: 'button', class: 'primary',
    onclick: async () => {
      status.textContent = 'Downloading…';
      try {
        const blob = await api.pdf(r.document.url);
        const url = URL.createObjectURL(blob);
        const a = el('a', { href: url, download: `${entry.kind}-${r.id}.pdf`, hidden: true });
        document.body.append(a);
        a.click();
        a.remove();
        setTimeout(() => URL.revokeObjectURL(url), 60000);
        status.textContent = 'Your signed copy was downloaded.';
      } catch {
        status.textContent = 'The download did not work. Please try again.';
      }
    },
  }, 'Download your signed copy (PDF)');
  const remaining = session.forms.findIndex((f, j) => j !== i && !f.submission_id && !receipts[f.kind]);
  const children = [];
  if (urgent) {
    const c = crisisBox(session.crisis_text, 'h2');
    c.hidden = false;
    children.push(c);
  }
  children.push(
    el('p', {}, `Thank you. Your ${entry.definition.title} was signed and sent to ${session.clinic}.`),
    el('dl', { class: 'receipt' },
      el('dt', {}, 'Record'), el('dd', {}, r.id),
      el('dt', {}, 'Form'), el('dd', {}, `${entry.definition.title} (version ${r.version})`),
      el('dt', {}, 'Received'), el('dd', {}, `${received.toLocaleString()} (${r.created_at})`),
      el('dt', {}, 'Pages'), el('dd', {}, String(r.document.pages)),
      el('dt', {}, 'Document SHA-256'), el('dd', { class: 'hash' }, r.document.sha256)),
  );
  if (kioskMode()) {
    // A shared tablet keeps no patient's file: the clinic gives the copy.
    children.push(...paragraphs('The clinic will give you your signed copy, on paper or electronically, as you prefer. It is sealed, so any change to it can be detected.'));
  } else {
    children.push(
      ...paragraphs('Keep your copy: it is sealed by the clinic, so any change to it can be detected. You can ask the clinic for a paper copy at any time, at no cost.'),
      download, status);
  }
  if (remaining >= 0) {
    children.push(el('button', { type: 'button', onclick: () => openForm(session, api, receipts, remaining) }, 'Continue to the next form'));
  } else {
    children.push(el('p', { class: 'notice' }, 'Every form is signed. Thank you.'));
    if (kioskMode()) children.push(el('button', { type: 'button', class: 'primary', onclick: handBack }, 'Finish and hand the tablet back'));
  }
  page('Signed', ...children);
}

start();
