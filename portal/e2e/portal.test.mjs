// The patient portal in a real browser: playwright-core drives the
// system's Chromium (never a downloaded one) through the invitations the
// Go test made, and axe-core checks every page. It prints one JSON line
// with the PDFs it downloaded; any failed check exits 1 with its reason.
//
// Environment: E2E_CONFIG is JSON {"chromium": path, "artifacts": dir,
// "links": {"consent", "keyboard", "phq9", "expired", "revoked", "unknown",
// "kiosk"}}.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { chromium } from 'playwright-core';

const require = createRequire(import.meta.url);
const axeSource = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const cfg = JSON.parse(process.env.E2E_CONFIG);
const out = { pdfs: {}, screenshots: [], axe: [] };
let current = null; // the page under test, for a screenshot when a check fails

function fail(msg) {
  throw new Error(msg);
}

async function launch(viewport) {
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'consentry-chromium-'));
  const ctx = await chromium.launchPersistentContext(userDataDir, {
    executablePath: cfg.chromium,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    viewport,
    acceptDownloads: true,
  });
  const page = ctx.pages()[0] || await ctx.newPage();
  current = page;
  const problems = [];
  page.on('console', (m) => {
    if (m.type() === 'error' && !/Failed to load resource: the server responded with a status of 4\d\d/.test(m.text())) problems.push(m.text());
  });
  page.on('pageerror', (e) => problems.push(e.message));
  return { ctx, page, problems, done: async () => {
    await ctx.close();
    fs.rmSync(userDataDir, { recursive: true, force: true });
    if (problems.length) fail(`console errors (a CSP violation shows here too): ${problems.join(' | ')}`);
  } };
}

async function shot(page, name) {
  const file = path.join(cfg.artifacts, `${String(out.screenshots.length + 1).padStart(2, '0')}-${name}.png`);
  await page.screenshot({ path: file, fullPage: false });
  out.screenshots.push(file);
}

/** Runs axe-core on the page as it is; serious or critical violations fail. */
async function axe(page, name) {
  if (!(await page.evaluate(() => typeof window.axe === 'object'))) await page.evaluate(axeSource);
  const res = await page.evaluate(async () => {
    const r = await window.axe.run(document, { resultTypes: ['violations'] });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => n.target.join(' ')).slice(0, 5) }));
  });
  out.axe.push({ page: name, violations: res.map((v) => `${v.impact} ${v.id}`) });
  const bad = res.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  if (bad.length) fail(`axe on ${name}: ${JSON.stringify(bad)}`);
}

async function noSideScroll(page, name) {
  const [sw, w] = await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
  if (sw > w) fail(`${name}: the page is ${sw} px wide in a ${w} px viewport`);
}

/** Draws a signature on the pad with mouse events. */
async function draw(page) {
  await page.locator('canvas.pad').scrollIntoViewIfNeeded();
  const box = await page.locator('canvas.pad').boundingBox();
  const y = box.y + box.height / 2;
  await page.mouse.move(box.x + 20, y);
  await page.mouse.down();
  for (let i = 1; i <= 20; i++) await page.mouse.move(box.x + 20 + i * (box.width - 40) / 20, y + Math.sin(i / 2) * box.height / 4);
  await page.mouse.up();
  await page.mouse.move(box.x + 40, y + 20);
  await page.mouse.down();
  await page.mouse.move(box.x + 120, y - 20, { steps: 5 });
  await page.mouse.up();
  const status = await page.locator('.pad-status').textContent();
  if (!/2 strokes/.test(status)) fail(`pad status after two strokes: ${status}`);
  // Undo takes the last stroke away; a third stroke brings it back.
  await page.getByRole('button', { name: 'Undo last stroke' }).click();
  if (!/1 stroke\b/.test(await page.locator('.pad-status').textContent())) fail('undo did not remove a stroke');
  await page.mouse.move(box.x + 40, y + 20);
  await page.mouse.down();
  await page.mouse.move(box.x + 160, y - 10, { steps: 5 });
  await page.mouse.up();
}

async function download(page, name) {
  const [dl] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Download your signed copy (PDF)' }).click(),
  ]);
  const file = path.join(cfg.artifacts, `${name}.pdf`);
  await dl.saveAs(file);
  out.pdfs[name] = file;
  await page.getByText('Your signed copy was downloaded.').waitFor();
}

async function errorAt(page, pointer) {
  const slot = page.locator(`[data-pointer="${pointer}"] > .error, [data-pointer="${pointer}"] .error`).first();
  await slot.waitFor({ state: 'visible' });
  return slot.textContent();
}

// 1. The consent on a desktop, with the mouse: a missing initial is shown
// next to its section, the server's own problem too, then it is signed and
// the sealed PDF downloaded; the next form (medical history) is checked.
async function consentWithMouse() {
  const { page, done } = await launch({ width: 1280, height: 900 });
  await page.goto(cfg.links.consent);
  await page.getByRole('heading', { name: 'Your forms' }).waitFor();
  if (new URL(page.url()).hash !== '') fail('the token stayed in the address bar');
  await axe(page, 'overview');
  await shot(page, 'overview-desktop');
  await page.getByRole('button', { name: 'Start' }).click();
  await page.getByRole('heading', { name: 'Informed Consent for Ketamine-Assisted Psychotherapy' }).waitFor();
  await axe(page, 'consent');
  await shot(page, 'consent-desktop');

  const initials = page.locator('input.initials');
  const n = await initials.count();
  for (let i = 0; i < n; i++) {
    const f = initials.nth(i);
    const ptr = await f.locator('xpath=..').getAttribute('data-pointer');
    if (ptr !== '/initials/acute-risks') await f.fill('JØ');
  }
  for (const fs of await page.locator('.clause fieldset.choice').all()) {
    await fs.getByLabel('Yes, I agree').check();
  }
  const sp = (m) => page.locator(`[data-pointer="/answers/support_person/${m}"] input`);
  await sp('name').fill('Дмитрий Иванов');
  await sp('relationship').fill('friend');
  await sp('phone').fill('+74951234567');
  await page.getByLabel('Type your full name. This is your signature.').fill('José Ødegård');
  await draw(page);
  await page.getByLabel(/^I agree\. By signing I mean/).check();
  await page.getByLabel(/^I agree to sign and get these records electronically/).check();
  await page.getByRole('button', { name: 'Sign and send' }).click();
  const msg = await errorAt(page, '/initials/acute-risks');
  if (!/initials/i.test(msg)) fail(`missing initial: "${msg}"`);
  if (!(await page.locator('.summary').isVisible())) fail('no error summary');
  await page.locator('[data-pointer="/initials/acute-risks"]').scrollIntoViewIfNeeded();
  await axe(page, 'consent with an error');
  await shot(page, 'consent-missing-initial');

  // Initials the record's fonts cannot print pass the schema's \p{L}: the
  // server refuses them, and its problem is shown at the same place.
  await page.locator('[data-pointer="/initials/acute-risks"] input').fill('ሀሁ');
  await page.getByRole('button', { name: 'Sign and send' }).click();
  await page.locator('[data-pointer="/initials/acute-risks"] .error', { hasText: /fonts cannot show/ }).waitFor();
  await page.locator('[data-pointer="/initials/acute-risks"]').scrollIntoViewIfNeeded();
  await shot(page, 'consent-server-problem');

  await page.locator('[data-pointer="/initials/acute-risks"] input').fill('JØ');
  await page.getByRole('button', { name: 'Sign and send' }).click();
  await page.getByRole('heading', { name: 'Signed' }).waitFor();
  await axe(page, 'receipt');
  await shot(page, 'consent-receipt');
  await download(page, 'consent');

  await page.getByRole('button', { name: 'Continue to the next form' }).click();
  await page.getByRole('heading', { name: /Medical/ }).waitFor();
  await axe(page, 'medical history');
  await shot(page, 'medical-history-desktop');
  // A conditional question: prior ketamine products appear only after "yes".
  const products = page.locator('[data-pointer="/answers/psychiatric/prior_ketamine/products"]');
  if (await products.isVisible()) fail('prior ketamine products shown before "treated" is answered');
  await page.locator('[data-pointer="/answers/psychiatric/prior_ketamine/treated"]').getByLabel('Yes').check();
  await products.waitFor({ state: 'visible' });
  await page.locator('[data-pointer="/answers/psychiatric/prior_ketamine/treated"]').getByLabel('No').check();
  await products.waitFor({ state: 'hidden' });

  // Complete it: "No" to every yes/no question, the first option of every
  // other choice (questions that appear on the way included), the
  // numbers, then sign.
  const text = {
    '/answers/psychiatric/hospitalisations': '0',
    '/answers/vitals/systolic': '122', '/answers/vitals/diastolic': '78', '/answers/vitals/heart_rate': '70',
    '/answers/vitals/measured_on': cfg.today,
  };
  for (const [ptr, v] of Object.entries(text)) await page.locator(`[data-pointer="${ptr}"] input`).fill(v);
  for (let round = 0; round < 5; round++) {
    const open = await page.evaluate(() => [...document.querySelectorAll('fieldset.choice')]
      .filter((f) => !f.closest('[hidden]') && !f.querySelector('input:checked'))
      .map((f) => f.closest('[data-pointer]').dataset.pointer));
    if (!open.length) break;
    for (const ptr of open) {
      const group = page.locator(`[data-pointer="${ptr}"] > fieldset.choice`);
      const labels = await group.locator('label').allTextContents();
      await group.getByLabel(labels.includes('No') ? 'No' : labels[0], { exact: true }).check();
    }
  }
  await page.getByLabel('Type your full name. This is your signature.').fill('José Ødegård');
  await page.getByLabel(/^I agree\. By signing I mean/).check();
  await page.getByLabel(/^I agree to sign and get these records electronically/).check();
  await page.getByRole('button', { name: 'Sign and send' }).click();
  const signed = page.getByRole('heading', { name: 'Signed' });
  await signed.waitFor({ timeout: 10000 }).catch(async () => {
    fail(`the medical history was not stored: ${await page.locator('.summary').textContent()}`);
  });
  await shot(page, 'medical-history-receipt');
  await download(page, 'history');
  await done();
}

// 2. The same consent with the keyboard only: Tab, typing, Space and
// Enter; every focused control must show a visible focus ring.
async function consentWithKeyboard() {
  const { page, done } = await launch({ width: 1024, height: 800 });
  await page.goto(cfg.links.keyboard);
  await page.getByRole('heading', { name: 'Your forms' }).waitFor();
  const focused = () => page.evaluate(() => {
    const e = document.activeElement;
    const s = getComputedStyle(e);
    const wrap = e.closest('[data-pointer]');
    return {
      tag: e.tagName.toLowerCase(), type: e.type || '', text: (e.textContent || '').trim(), checked: !!e.checked,
      pointer: wrap ? wrap.dataset.pointer : '', ring: s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2,
    };
  });
  let f;
  for (let i = 0; i < 10; i++) {
    await page.keyboard.press('Tab');
    f = await focused();
    if (f.tag === 'button' && f.text === 'Start') break;
  }
  if (f.text !== 'Start') fail('Start cannot be reached with Tab');
  if (!f.ring) fail('Start has no visible focus ring');
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { name: 'Informed Consent for Ketamine-Assisted Psychotherapy' }).waitFor();
  let sent = false;
  let shotTaken = false;
  for (let i = 0; i < 200 && !sent; i++) {
    await page.keyboard.press('Tab');
    f = await focused();
    if (f.tag === 'body') continue;
    if (!f.ring) fail(`no visible focus on ${f.tag} ${f.pointer}`);
    if (!shotTaken && f.pointer.startsWith('/initials/')) {
      await shot(page, 'keyboard-focus');
      shotTaken = true;
    }
    if (f.tag === 'input' && f.pointer.startsWith('/initials/')) await page.keyboard.type('KB');
    else if (f.tag === 'input' && f.type === 'radio' && !f.checked) await page.keyboard.press('Space');
    else if (f.tag === 'input' && f.type === 'checkbox' && !f.checked) await page.keyboard.press('Space');
    else if (f.pointer === '/answers/support_person/name') await page.keyboard.type('Ana Ødegård');
    else if (f.pointer === '/answers/support_person/phone') await page.keyboard.type('+14155550124');
    else if (f.pointer === '/answers/support_person/relationship') await page.keyboard.type('spouse');
    else if (f.pointer === '/signature/typed_name') await page.keyboard.type('Kim Keyboard');
    else if (f.tag === 'button' && f.text === 'Sign and send') {
      await page.keyboard.press('Enter');
      sent = true;
    }
  }
  if (!sent) fail('"Sign and send" cannot be reached with Tab');
  await page.getByRole('heading', { name: 'Signed' }).waitFor();
  await shot(page, 'keyboard-receipt');
  // The download, with the keyboard too.
  for (let i = 0; i < 10; i++) {
    f = await focused();
    if (f.text === 'Download your signed copy (PDF)') break;
    await page.keyboard.press('Tab');
  }
  const [dl] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Enter')]);
  const file = path.join(cfg.artifacts, 'keyboard.pdf');
  await dl.saveAs(file);
  out.pdfs.keyboard = file;
  await done();
}

// 3. A PHQ-9 on a 360 px phone, one item at a time, touch-sized; item 9
// above 0 shows the crisis text at once, and the record still goes in.
async function phq9OnPhone() {
  const { page, done } = await launch({ width: 360, height: 740 });
  await page.goto(cfg.links.phq9);
  await page.getByRole('button', { name: 'Start' }).click();
  await page.getByRole('heading', { name: /PHQ-9/ }).waitFor();
  await noSideScroll(page, 'PHQ-9');
  await axe(page, 'PHQ-9');
  await shot(page, 'phq9-phone-question-1');
  for (let i = 0; i < 9; i++) {
    const q = page.locator(`[data-pointer="/answers/items/${i}"]`);
    if (!(await q.isVisible())) fail(`question ${i + 1} is not shown in its turn`);
    if (i < 8 && (await page.locator('.crisis').isVisible())) fail('crisis text shown before item 9');
    await q.getByLabel(i === 8 ? 'Several days' : (i % 2 ? 'Not at all' : 'More than half the days')).check();
    if (i < 8) await page.getByRole('button', { name: 'Next question' }).click();
  }
  const crisis = page.locator('.crisis');
  await crisis.waitFor({ state: 'visible' });
  if (!/988/.test(await crisis.textContent())) fail('the crisis text does not give 988');
  await noSideScroll(page, 'PHQ-9 with the crisis text');
  await axe(page, 'PHQ-9 with the crisis text');
  await crisis.scrollIntoViewIfNeeded();
  await shot(page, 'phq9-phone-crisis');
  await page.getByLabel('Type your full name. This is your signature.').fill('Ελένη Παπαδοπούλου');
  await page.getByLabel(/^I agree\. By signing I mean/).check();
  await page.getByLabel(/^I agree to sign and get these records electronically/).check();
  await page.getByRole('button', { name: 'Sign and send' }).click();
  await page.getByRole('heading', { name: 'Signed' }).waitFor();
  if (!(await page.locator('.crisis').isVisible())) fail('the receipt of an urgent PHQ-9 does not show the crisis text');
  await noSideScroll(page, 'PHQ-9 receipt');
  await axe(page, 'PHQ-9 receipt');
  await shot(page, 'phq9-phone-receipt');
  await download(page, 'phq9');
  await done();
}

// 4. Links that no longer work are refused with a clear page: used (the
// consent's, now that all of its forms… the keyboard one was fully
// signed), expired, revoked.
async function refusedLinks() {
  const { page, done } = await launch({ width: 360, height: 740 });
  for (const [name, link, want] of [
    ['used', cfg.links.keyboard, /every form of this invitation has been signed/i],
    ['expired', cfg.links.expired, /expired/],
    ['revoked', cfg.links.revoked, /withdrawn by the clinic/],
    ['unknown', cfg.links.unknown, /does not work/],
  ]) {
    await page.goto('about:blank');
    await page.goto(link);
    await page.locator('.notice').waitFor();
    const text = await page.locator('main').textContent();
    if (!want.test(text) || /false|undefined/.test(text)) fail(`${name} link: the page says "${text}"`);
    await axe(page, `${name} link`);
    await shot(page, `refused-${name}`);
  }
  await done();
}

// 5. Kiosk mode: the clinic's tablet, paired once, opens the next
// waiting patient's forms without a link, keeps no PDF, and goes back to
// its waiting screen afterwards.
async function kiosk() {
  const { page, done } = await launch({ width: 800, height: 1000 });
  await page.goto(cfg.links.kiosk);
  await page.getByRole('heading', { name: 'Welcome' }).waitFor();
  await axe(page, 'kiosk waiting screen');
  await shot(page, 'kiosk-waiting');
  await page.getByRole('button', { name: 'Start the next patient' }).click();
  await page.getByRole('heading', { name: 'Your forms' }).waitFor();
  await page.getByRole('button', { name: 'Start' }).click();
  for (let i = 0; i < 9; i++) {
    await page.locator(`[data-pointer="/answers/items/${i}"]`).getByLabel('Not at all').check();
    if (i < 8) await page.getByRole('button', { name: 'Next question' }).click();
  }
  if (await page.locator('.crisis').isVisible()) fail('crisis text for a PHQ-9 of zeros');
  await page.getByLabel('Type your full name. This is your signature.').fill('Kiosk Patient');
  await page.getByLabel(/^I agree\. By signing I mean/).check();
  await page.getByLabel(/^I agree to sign and get these records electronically/).check();
  await page.getByRole('button', { name: 'Sign and send' }).click();
  await page.getByRole('heading', { name: 'Signed' }).waitFor();
  if (await page.getByRole('button', { name: 'Download your signed copy (PDF)' }).count()) fail('a kiosk offers the PDF download');
  await axe(page, 'kiosk receipt');
  await shot(page, 'kiosk-receipt');
  await page.getByRole('button', { name: 'Finish and hand the tablet back' }).click();
  await page.getByRole('heading', { name: 'Welcome' }).waitFor();
  await page.getByRole('button', { name: 'Start the next patient' }).click();
  await page.getByText('No patient is waiting yet.').waitFor();
  // A reload keeps the tablet paired and the finished patient's forms closed.
  await page.reload();
  await page.getByRole('heading', { name: 'Welcome' }).waitFor();
  await done();
}

try {
  await kiosk();
  await consentWithMouse();
  await consentWithKeyboard();
  await phq9OnPhone();
  await refusedLinks();
  console.log(JSON.stringify(out));
} catch (e) {
  console.error(e.stack || String(e));
  if (current) await current.screenshot({ path: path.join(cfg.artifacts, 'failure.png'), fullPage: false }).catch(() => {});
  console.log(JSON.stringify(out));
  process.exit(1);
}
