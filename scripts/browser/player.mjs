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
  const buttons = page.locator('button[data-producer-id]');
  await (opts.name ? buttons.filter({ hasText: opts.name }) : buttons).first().click({ timeout: opts.timeoutMs });
  const clickedMs = Date.now() - t0;
  const deadline = Date.now() + opts.timeoutMs;
  let stats = null;
  while (Date.now() < deadline) {
    stats = await page.evaluate(readStats);
    const errors = await page.evaluate(() => window.webrtcsinkViewer.errors);
    if (errors.length > 0) throw new Error(`page error: ${errors.join(' | ')}`);
    if (stats && stats.framesDecoded > opts.frames && stats.audioPacketsReceived > 0) break;
    await page.waitForTimeout(200); // polling interval of the stats, not a wait for a condition
  }
  if (!stats || !(stats.framesDecoded > opts.frames && stats.audioPacketsReceived > 0)) {
    throw new Error(`after ${opts.timeoutMs} ms: ${JSON.stringify(stats)}`);
  }
  const playing = await page.evaluate(() => window.webrtcsinkViewer.playing);
  console.log(JSON.stringify({ ok: true, ...stats, playing, clickedMs, elapsedMs: Date.now() - t0 }));
}

// Runs in the page: decoded video frames and received audio packets of the playing session.
async function readStats() {
  const pc = window.webrtcsinkViewer.peerConnection;
  if (!pc) return null;
  const out = { framesDecoded: 0, audioPacketsReceived: 0, connectionState: pc.connectionState };
  (await pc.getStats()).forEach((s) => {
    if (s.type === 'inbound-rtp' && s.kind === 'video') out.framesDecoded = s.framesDecoded || 0;
    if (s.type === 'inbound-rtp' && s.kind === 'audio') out.audioPacketsReceived = s.packetsReceived || 0;
  });
  return out;
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
        producers: [...document.querySelectorAll('button[data-producer-id]')].map((b) => b.textContent),
        viewer: window.webrtcsinkViewer && { signallingUrl: window.webrtcsinkViewer.signallingUrl,
          errors: window.webrtcsinkViewer.errors, playing: window.webrtcsinkViewer.playing },
      })).catch((err) => `unreadable: ${err.message}`);
      console.error(`page state: ${JSON.stringify(state)}`);
      for (const line of logged.logs) console.error(line);
    }
    await close();
    process.exit(1);
  },
);
