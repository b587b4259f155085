// Prints one HTML consent to PDF with a warm headless Chromium, one tab
// reused, and reports the median time of a print: what a browser-based
// renderer would cost per record. Usage:
//   node print.mjs CONSENT.html [ITERATIONS]   (CHROMIUM: the browser's path)
import { chromium } from "playwright-core";
import { readFileSync } from "node:fs";

const html = readFileSync(process.argv[2], "utf8");
const n = Number(process.argv[3] || 50);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  headless: true,
  args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
});
const page = await browser.newPage();
const print = async () => {
  await page.setContent(html, { waitUntil: "load" });
  return page.pdf({ format: "Letter", printBackground: true, margin: { top: "18mm", bottom: "18mm", left: "16mm", right: "16mm" } });
};
for (let i = 0; i < 5; i++) await print(); // warm up
const times = [];
let bytes = 0;
for (let i = 0; i < n; i++) {
  const t0 = process.hrtime.bigint();
  const pdf = await print();
  times.push(Number(process.hrtime.bigint() - t0) / 1e6);
  bytes = pdf.length;
}
await browser.close();
times.sort((a, b) => a - b);
const q = (p) => times[Math.min(times.length - 1, Math.floor(p * times.length))];
console.log(JSON.stringify({ iterations: n, median_ms: q(0.5), p95_ms: q(0.95), min_ms: times[0], pdf_bytes: bytes }));
