// Loads /docs of a running Consentry in Debian's Chromium and reports, as
// JSON on stdout, what a reader sees: the operations in the navigation,
// the main text, the navigation after a search, and every console error,
// page error, Content-Security-Policy violation and request to another
// origin. The Go test (api/docs_test.go) judges the report.
//
// usage: node docs.mjs CHROMIUM BASE-URL QUERY [CSP-OVERRIDE]
// With CSP-OVERRIDE the page is served with that policy instead of the
// server's, so that the test can show a violation is seen.
import { chromium } from 'playwright-core';

const [executablePath, base, query, cspOverride] = process.argv.slice(2);
const browser = await chromium.launch({
  executablePath,
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
    '--disable-sync', '--no-first-run'],
});
const report = { nav: [], main: '', filtered: [], errors: [], violations: [], offsite: [] };
try {
  const page = await browser.newPage();
  const origin = new URL(base).origin;
  page.on('console', (m) => { if (m.type() === 'error') report.errors.push('console: ' + m.text()); });
  page.on('pageerror', (e) => report.errors.push('page: ' + e.message));
  page.on('request', (r) => {
    const u = r.url();
    if (!u.startsWith('data:') && new URL(u).origin !== origin) report.offsite.push(u);
  });
  page.on('requestfailed', (r) => report.errors.push('request failed: ' + r.url() + ' ' + (r.failure()?.errorText ?? '')));
  await page.addInitScript(() => {
    window.__violations = [];
    document.addEventListener('securitypolicyviolation',
      (e) => window.__violations.push(e.violatedDirective + ' ' + (e.blockedURI || 'inline')), true);
  });
  if (cspOverride) {
    await page.route(base + '/docs', async (route) => {
      const resp = await route.fetch();
      await route.fulfill({ response: resp, headers: { ...resp.headers(), 'content-security-policy': cspOverride } });
    });
  }
  await page.goto(base + '/docs', { waitUntil: 'networkidle' });
  const doc = page.locator('rapi-doc');
  const nav = doc.locator('.nav-bar-path');
  await nav.first().waitFor({ timeout: 20000 }).catch(() => {});
  report.nav = await nav.allInnerTexts();
  report.main = await doc.locator('.main-content').innerText({ timeout: 5000 }).catch(() => '');
  if (report.nav.length > 0) {
    const search = doc.locator('#nav-bar-search');
    await search.fill(query);
    await search.press('Enter');
    await page.waitForFunction((n) => {
      const root = document.querySelector('rapi-doc').shadowRoot;
      return root.querySelectorAll('.nav-bar-path').length !== n;
    }, report.nav.length, { timeout: 5000 }).catch(() => {});
    report.filtered = await nav.allInnerTexts();
  }
  report.violations = await page.evaluate(() => window.__violations);
} finally {
  await browser.close();
}
process.stdout.write(JSON.stringify(report));
