#!/usr/bin/env node
// A browser producer for webrtcsrc: headless Chromium streams its fake camera and microphone
// through the upstream gstwebrtc-api (createProducerSession) until it is killed.
//
//   node scripts/browser/produce.mjs <ws-url> [--name NAME] [--timeout-ms MS]
//
// Once registered with the signalling server it prints one JSON line on stdout,
// {"ok":true,"producerId":"...","name":"..."}, and keeps producing. Consumers (webrtcsrc with
// signaller::producer-peer-id=<producerId>) may come and go. SIGINT/SIGTERM/SIGHUP close the
// browser and exit 0. If registration fails within MS (default 20000): {"ok":false,...} on
// stdout, the page's console on stderr, exit 1. Bad usage exits 2.

import {
  launchChromium, serveRoutes, gstWebRtcApiRoutes, openLoggedPage, WEBRTC_CONFIG,
} from './chromium.mjs';

const USAGE = 'usage: node produce.mjs <ws-url> [--name NAME] [--timeout-ms MS]';
const opts = { url: null, name: 'browser-producer', timeoutMs: 20_000 };
try {
  const argv = process.argv.slice(2);
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--name') opts.name = argv[++i];
    else if (a === '--timeout-ms') opts.timeoutMs = Number(argv[++i]);
    else if (!a.startsWith('--') && !opts.url) opts.url = a;
    else throw new Error(`unknown argument ${a}`);
  }
  if (!opts.url || !/^wss?:\/\//.test(opts.url)) throw new Error('a ws:// or wss:// URL is required');
} catch (e) {
  console.error(`${e.message}\n${USAGE}`);
  process.exit(2);
}

let browser = null;
let site = null;
let logged = null;

async function close() {
  if (browser) await browser.close().catch(() => {});
  if (site) await site.close().catch(() => {});
}

for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.once(sig, () => { close().finally(() => process.exit(0)); });
}

// Runs in the page: connect, capture the fake devices, produce; state in window.__producer.
async function startProducing({ url, name, webrtcConfig }) {
  const h = window.__producer = { errors: [], producerId: null, streaming: false, consumers: 0 };
  const api = new window.GstWebRTCAPI({ signalingServerUrl: url, reconnectionTimeout: 0, meta: { name }, webrtcConfig });
  // the API refuses producer sessions until it is connected
  const connected = new Promise((resolve) => {
    api.registerConnectionListener({
      connected(id) { h.producerId = id; resolve(); },
      disconnected() { h.errors.push('disconnected from the signalling server'); resolve(); },
    });
  });
  await connected;
  if (h.errors.length > 0) return;
  try {
    const stream = await navigator.mediaDevices.getUserMedia({ video: { width: 640, height: 480 }, audio: true });
    const session = api.createProducerSession(stream);
    if (!session) { h.errors.push('createProducerSession returned null'); return; }
    window.__session = session;
    session.addEventListener('error', (e) => h.errors.push(`producer session: ${e.message}`));
    session.addEventListener('stateChanged', () => {
      if (session.state === window.GstWebRTCAPI.SessionState.streaming) h.streaming = true;
    });
    session.addEventListener('clientConsumerAdded', () => { h.consumers++; });
    if (!session.start()) h.errors.push('producer session start() failed');
  } catch (e) {
    h.errors.push(`getUserMedia/producer: ${e.name}: ${e.message}`);
  }
}

async function main() {
  site = await serveRoutes(await gstWebRtcApiRoutes());
  browser = await launchChromium();
  logged = await openLoggedPage(browser.context, `${site.origin}/`, 'producer');
  const { page } = logged;
  await page.evaluate(startProducing, { url: opts.url, name: opts.name, webrtcConfig: WEBRTC_CONFIG });
  await page.waitForFunction(
    () => (window.__producer.streaming && window.__producer.producerId) || window.__producer.errors.length > 0,
    null, { timeout: opts.timeoutMs, polling: 100 });
  const h = await page.evaluate(() => window.__producer);
  if (h.errors.length > 0) throw new Error(h.errors.join(' | '));
  console.log(JSON.stringify({ ok: true, producerId: h.producerId, name: opts.name }));
  // produce until killed; a lost signalling connection ends the run
  for (;;) {
    await page.waitForTimeout(1000); // polling interval of the page state, not a wait for a condition
    const state = await page.evaluate(() => window.__producer);
    if (state.errors.length > 0) throw new Error(state.errors.join(' | '));
  }
}

main().catch(async (e) => {
  console.log(JSON.stringify({ ok: false, error: e.message }));
  if (logged) for (const line of logged.logs) console.error(line);
  await close();
  process.exit(1);
});
