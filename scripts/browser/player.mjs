#!/usr/bin/env node
// Plays a stream from webrtcsink's built-in web page (run-web-server=true) in headless Chromium.
//
//   node scripts/browser/player.mjs <page-url> [--name PRODUCER-NAME] [--frames N] [--timeout-ms MS]
//
// Opens the page, waits for the producer's button (its meta name, or the first one), clicks
// it, and polls the page's player stats until more than N video frames (default 30) were
// decoded and audio packets arrived. Success: one JSON line {"ok":true,...} on stdout, exit 0.
// Failure: {"ok":false,...} on stdout, the page's console and state on stderr, exit 1.
// Bad usage exits 2.

import { launchChromium, openLoggedPage } from './chromium.mjs';

const USAGE = 'usage: node player.mjs <page-url> [--name PRODUCER-NAME] [--frames N] [--timeout-ms MS]';
const opts = { url: null, name: null, frames: 30, timeoutMs: 30_000 };
try {
  const argv = process.argv.slice(2);
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--name') opts.name = argv[++i];
    else if (a === '--frames') opts.frames = Number(argv[++i]);
    else if (a === '--timeout-ms') opts.timeoutMs = Number(argv[++i]);
    else if (!a.startsWith('--') && !opts.url) opts.url = a;
    else throw new Error(`unknown argument ${a}`);
  }
  if (!opts.url || !/^https?:\/\//.test(opts.url)) throw new Error('an http:// or https:// page URL is required');
} catch (e) {
  console.error(`${e.message}\n${USAGE}`);
  process.exit(2);
}

const t0 = Date.now();
let browser = null;
let logged = null;

async function main() {
  browser = await launchChromium();
  logged = await openLoggedPage(browser.context, opts.url, 'player');
  const { page } = logged;
  const selector = opts.name
    ? `#producers button:text-is(${JSON.stringify(opts.name)})`
    : '#producers button';
  await page.locator(selector).first().click({ timeout: opts.timeoutMs });
  const clickedMs = Date.now() - t0;
  const deadline = Date.now() + opts.timeoutMs;
  let stats = null;
  while (Date.now() < deadline) {
    stats = await page.evaluate(() => window.webrtcsinkPlayer.stats());
    const error = await page.evaluate(() => window.webrtcsinkPlayer.error);
    if (error) throw new Error(`page error: ${error}`);
    if (stats && stats.framesDecoded > opts.frames && stats.audioPacketsReceived > 0) break;
    await page.waitForTimeout(200); // polling interval of the stats, not a wait for a condition
  }
  if (!stats || !(stats.framesDecoded > opts.frames && stats.audioPacketsReceived > 0)) {
    throw new Error(`after ${opts.timeoutMs} ms: ${JSON.stringify(stats)}`);
  }
  const playing = await page.locator('#playing').textContent();
  console.log(JSON.stringify({ ok: true, ...stats, playing, clickedMs, elapsedMs: Date.now() - t0 }));
}

async function close() {
  if (browser) await browser.close().catch(() => {});
}

main().then(
  () => close().then(() => process.exit(0)),
  async (e) => {
    console.log(JSON.stringify({ ok: false, error: e.message, elapsedMs: Date.now() - t0 }));
    if (logged) {
      const state = await logged.page.evaluate(() => ({
        status: document.getElementById('status')?.textContent,
        producers: [...document.querySelectorAll('#producers button')].map((b) => b.textContent),
        error: window.webrtcsinkPlayer?.error,
      })).catch((err) => `unreadable: ${err.message}`);
      console.error(`page state: ${JSON.stringify(state)}`);
      for (const line of logged.logs) console.error(line);
    }
    await close();
    process.exit(1);
  },
);
