#!/usr/bin/env node
// Smoke test of webrtcsink's built-in viewer page (engine/src/main/resources/dev/webrtcsink/engine/web/).
//
//   node scripts/browser/page-smoke.mjs <viewer-page-url> <ws-url> [--frames N] [--timeout-ms MS]
//
// Headless Chromium registers a browser producer (fake camera and microphone, meta name
// "page-smoke-camera") on the signalling server <ws-url> with gstwebrtc-api, then opens the viewer
// page as served by our WebServer. The page must list the producer by its name; clicking it must play:
// inbound video framesDecoded of the page's RTCPeerConnection (window.webrtcsinkViewer.peerConnection)
// must exceed N (default 30) within MS (default 30000).
//
// Success: one JSON line on stdout ({"ok":true,...}), exit 0. Failure: {"ok":false,...}, then
// diagnostics (both pages' console logs, the viewer's state) on stderr, exit 1. Bad usage: exit 2.

import {
  launchChromium, serveRoutes, gstWebRtcApiRoutes, openLoggedPage, WEBRTC_CONFIG,
} from './chromium.mjs';

const USAGE = 'usage: node page-smoke.mjs <viewer-page-url> <ws-url> [--frames N] [--timeout-ms MS]';
const PRODUCER_NAME = 'page-smoke-camera';

function parseArgs(argv) {
  const opts = { page: null, ws: null, frames: 30, timeoutMs: 30_000 };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--frames') opts.frames = Number(argv[++i]);
    else if (a === '--timeout-ms') opts.timeoutMs = Number(argv[++i]);
    else if (!a.startsWith('--') && !opts.page) opts.page = a;
    else if (!a.startsWith('--') && !opts.ws) opts.ws = a;
    else throw new Error(`unknown argument ${a}`);
  }
  if (!/^https?:\/\//.test(opts.page || '')) throw new Error('an http(s):// page URL is required');
  if (!/^wss?:\/\//.test(opts.ws || '')) throw new Error('a ws:// or wss:// signalling URL is required');
  if (!(opts.frames >= 0) || !(opts.timeoutMs > 0)) throw new Error('--frames and --timeout-ms take numbers');
  return opts;
}

let opts;
try {
  opts = parseArgs(process.argv.slice(2));
} catch (e) {
  console.error(`${e.message}\n${USAGE}`);
  process.exit(2);
}

const t0 = Date.now();
const timings = {};
const mark = (name) => { timings[name] = Date.now() - t0; };
const diag = { step: 'start', pages: [], viewer: null, lastStats: null };
let cleanup = async () => {};

async function fail(error, code = 1) {
  const message = error instanceof Error ? error.message : String(error);
  console.log(JSON.stringify({ ok: false, error: message, step: diag.step, elapsedMs: Date.now() - t0 }));
  console.error(`page-smoke FAILED at step "${diag.step}": ${error instanceof Error ? error.stack : message}`);
  console.error(`viewer state: ${JSON.stringify(diag.viewer, null, 2)}`);
  if (diag.lastStats) console.error(`last viewer stats: ${JSON.stringify(diag.lastStats)}`);
  for (const p of diag.pages) {
    console.error(`--- ${p.label} console (${p.logs.length} lines) ---`);
    for (const line of p.logs) console.error(line);
  }
  await cleanup().catch(() => {});
  process.exit(code);
}

for (const [sig, no] of [['SIGINT', 2], ['SIGTERM', 15], ['SIGHUP', 1]]) {
  process.once(sig, () => { fail(new Error(`interrupted by ${sig}`), 128 + no); });
}
setTimeout(() => { fail(new Error('watchdog: no result in time')); }, opts.timeoutMs + 60_000).unref();

// Runs in the viewer page: what the page shows and exposes.
function viewerSnapshot() {
  const v = window.webrtcsinkViewer;
  return v ? {
    connection: v.state,
    producers: v.producers,
    playing: v.playing,
    sessionState: v.sessionState,
    errors: v.errors,
    shownConnection: document.getElementById('connection-state').textContent,
    shownSignallingUrl: document.getElementById('signalling-url').textContent,
    buttons: [...document.querySelectorAll('#producers button')].map((b) => b.textContent),
    videoMuted: document.getElementById('video').muted,
  } : null;
}

// Runs in the viewer page: inbound video numbers of the playing session.
async function viewerStats() {
  const pc = window.webrtcsinkViewer && window.webrtcsinkViewer.peerConnection;
  if (!pc) return null;
  const out = { framesDecoded: 0, connectionState: pc.connectionState };
  (await pc.getStats()).forEach((s) => {
    if (s.type === 'inbound-rtp' && s.kind === 'video') {
      out.framesDecoded = s.framesDecoded || 0;
      out.frameWidth = s.frameWidth;
      out.frameHeight = s.frameHeight;
    } else if (s.type === 'inbound-rtp' && s.kind === 'audio') {
      out.audioPacketsReceived = s.packetsReceived;
    }
  });
  return out;
}

async function main() {
  diag.step = 'launch chromium';
  const site = await serveRoutes(await gstWebRtcApiRoutes());
  const browser = await launchChromium();
  cleanup = async () => { await browser.close(); await site.close(); };
  mark('launched');

  diag.step = 'producer registers';
  const producer = { label: 'producer', ...await openLoggedPage(browser.context, `${site.origin}/`, 'producer') };
  diag.pages.push(producer);
  await producer.page.evaluate(({ url, name, webrtcConfig }) => {
    const h = window.__smoke = { errors: [], registered: false, clientId: null };
    window.__api = new window.GstWebRTCAPI({ signalingServerUrl: url, reconnectionTimeout: 0, meta: { name }, webrtcConfig });
    window.__api.registerConnectionListener({
      connected(id) { h.clientId = id; },
      disconnected() { h.errors.push('disconnected'); },
    });
  }, { url: opts.ws, name: PRODUCER_NAME, webrtcConfig: WEBRTC_CONFIG });
  // gstwebrtc-api only creates sessions once its channel is ready (welcome received)
  await producer.page.waitForFunction(() => window.__smoke.clientId || window.__smoke.errors.length > 0,
    null, { timeout: 15_000, polling: 100 });
  await producer.page.evaluate(async () => {
    const h = window.__smoke;
    try {
      // Chromium's fake capture devices (flags in chromium.mjs)
      const stream = await navigator.mediaDevices.getUserMedia({ video: { width: 640, height: 480 }, audio: true });
      const session = window.__api.createProducerSession(stream);
      if (!session) { h.errors.push('createProducerSession returned null'); return; }
      session.addEventListener('error', (e) => h.errors.push(`producer session: ${e.message}`));
      session.addEventListener('stateChanged', () => {
        if (session.state === window.GstWebRTCAPI.SessionState.streaming) h.registered = true;
      });
      if (!session.start()) h.errors.push('producer session start() failed');
      window.__producer = session;
    } catch (e) {
      h.errors.push(`getUserMedia/producer: ${e.name}: ${e.message}`);
    }
  });
  await producer.page.waitForFunction(() => window.__smoke.registered || window.__smoke.errors.length > 0,
    null, { timeout: 15_000, polling: 100 });
  const produced = await producer.page.evaluate(() => window.__smoke);
  if (produced.errors.length) throw new Error(produced.errors.join(' | '));
  mark('producerRegistered');

  diag.step = 'viewer lists the producer';
  const viewer = { label: 'viewer', ...await openLoggedPage(browser.context, opts.page, 'viewer') };
  diag.pages.push(viewer);
  const snapshot = async () => { diag.viewer = await viewer.page.evaluate(viewerSnapshot).catch((e) => `unreadable: ${e.message}`); return diag.viewer; };
  const button = viewer.page.locator('#producers button', { hasText: PRODUCER_NAME });
  await button.waitFor({ state: 'visible', timeout: 15_000 }).catch(async (e) => { await snapshot(); throw e; });
  const listed = await snapshot();
  if (!listed.producers.some((p) => p.id === produced.clientId && p.name === PRODUCER_NAME)) {
    throw new Error(`producer ${produced.clientId} not listed by name: ${JSON.stringify(listed.producers)}`);
  }
  mark('listed');

  diag.step = 'click plays';
  await button.click();
  const deadline = Date.now() + opts.timeoutMs;
  let stats = null;
  for (;;) {
    stats = await viewer.page.evaluate(viewerStats);
    diag.lastStats = stats;
    const state = await snapshot();
    if (state.errors.length) throw new Error(`viewer page error: ${state.errors.join(' | ')}`);
    if (stats && stats.framesDecoded > 0 && !timings.firstFrame) mark('firstFrame');
    if (stats && stats.framesDecoded > opts.frames) break;
    if (Date.now() >= deadline) {
      throw new Error(`framesDecoded ${stats ? stats.framesDecoded : 'n/a'} did not exceed ${opts.frames} within ${opts.timeoutMs} ms`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  mark('done');
  const final = await snapshot();
  console.log(JSON.stringify({
    ok: true,
    framesDecoded: stats.framesDecoded,
    frameWidth: stats.frameWidth,
    frameHeight: stats.frameHeight,
    audioPacketsReceived: stats.audioPacketsReceived ?? 0,
    producerId: produced.clientId,
    playing: final.playing,
    sessionState: final.sessionState,
    shownConnection: final.shownConnection,
    shownSignallingUrl: final.shownSignallingUrl,
    buttons: final.buttons,
    videoMuted: final.videoMuted,
    timingsMs: timings,
  }));
}

main().then(() => cleanup().then(() => process.exit(0)), (e) => fail(e));
