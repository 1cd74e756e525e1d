#!/usr/bin/env node
// Browser interop check of a signalling server with the upstream gstwebrtc-api library.
//
//   node scripts/browser/interop.mjs ws://127.0.0.1:<port> [--frames N] [--timeout-ms MS]
//
// Headless Chromium opens two pages on the given server: a producer streaming the fake
// camera (and microphone), and a consumer that waits for that producer through the API's
// peer listener, opens a consumer session and renders it. We poll the consumer's
// RTCPeerConnection stats until inbound video framesDecoded > N (default 30).
//
// Success: one JSON line on stdout, {"ok":true,"framesDecoded":...}, exit 0.
// Failure: {"ok":false,"error":...} on stdout, diagnostics (both pages' console logs,
// gstwebrtc-api errors, states, last stats, Chromium's argv) on stderr, exit 1.
// Bad usage exits 2; SIGINT/SIGTERM/SIGHUP close the browser and exit 128+signo.

import {
  launchChromium, serveRoutes, gstWebRtcApiRoutes, gstWebRtcApiVersion, openLoggedPage, localAddresses,
  WEBRTC_CONFIG,
} from './chromium.mjs';

const USAGE = 'usage: node interop.mjs <ws-url> [--frames N] [--timeout-ms MS]';

function parseArgs(argv) {
  const opts = { url: null, frames: 30, timeoutMs: 30_000 };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--frames') opts.frames = Number(argv[++i]);
    else if (a === '--timeout-ms') opts.timeoutMs = Number(argv[++i]);
    else if (!a.startsWith('--') && !opts.url) opts.url = a;
    else throw new Error(`unknown argument ${a}`);
  }
  if (!opts.url || !/^wss?:\/\//.test(opts.url)) throw new Error('a ws:// or wss:// URL is required');
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

const PRODUCER_NAME = 'browser-producer';
const CONSUMER_NAME = 'browser-consumer';
const t0 = Date.now();
const timings = {};
const mark = (name) => { timings[name] = Date.now() - t0; };

// Everything diagnostics may need, filled in as we go.
const diag = { step: 'start', browser: null, pages: [], lastStats: null, state: {} };
let cleanup = async () => {};

function fail(error, code = 1) {
  const message = error instanceof Error ? error.message : String(error);
  console.log(JSON.stringify({ ok: false, error: message, step: diag.step, elapsedMs: Date.now() - t0 }));
  console.error(`interop FAILED at step "${diag.step}": ${error instanceof Error ? error.stack : message}`);
  console.error(`server: ${opts.url}  gstwebrtc-api: ${gstWebRtcApiVersion()}`);
  if (diag.browser) console.error(`chromium ${diag.browser.version}: ${JSON.stringify(diag.browser.commandLine)}`);
  console.error(`page state: ${JSON.stringify(diag.state, null, 2)}`);
  if (diag.lastStats) console.error(`last consumer stats: ${JSON.stringify(diag.lastStats)}`);
  for (const p of diag.pages) {
    console.error(`--- ${p.label} console (${p.logs.length} lines) ---`);
    for (const line of p.logs) console.error(line);
  }
  return cleanup().finally(() => process.exit(code));
}

// Our own signal handling (Playwright's is off): close Chromium, report, use 128+signo.
for (const [sig, no] of [['SIGINT', 2], ['SIGTERM', 15], ['SIGHUP', 1]]) {
  process.once(sig, () => { fail(new Error(`interrupted by ${sig}`), 128 + no); });
}

// Backstop so a wedged browser can never hang CI: each phase below has its own timeout,
// this one only catches what they miss.
const watchdogMs = opts.timeoutMs + 60_000;
setTimeout(() => { fail(new Error(`watchdog: no result after ${watchdogMs} ms`)); }, watchdogMs).unref();

/** Reads window.__harness from both pages into diag.state (best effort). */
async function snapshot(pages) {
  for (const { label, page } of pages) {
    diag.state[label] = await page.evaluate(() => window.__harness ?? null).catch((e) => `unreadable: ${e.message}`);
  }
}

/** Waits until the page's __harness[key] is set, or its error list fills; page-side polling. */
async function waitFor(page, key, timeoutMs) {
  await page.waitForFunction(
    (k) => window.__harness && (window.__harness[k] || window.__harness.errors.length > 0),
    key, { timeout: timeoutMs, polling: 100 });
  const h = await page.evaluate(() => window.__harness);
  if (h.errors.length > 0) throw new Error(`gstwebrtc-api error: ${h.errors.join(' | ')}`);
  return h[key];
}

// Page-side setup shared by both peers: the API object plus error and state recording.
// Runs in the page; `window.GstWebRTCAPI` comes from the bundle the page loaded.
function pageConnect({ url, meta, webrtcConfig }) {
  const h = window.__harness = { errors: [], events: [], clientId: null };
  const note = (e) => h.events.push(`${(performance.now() / 1000).toFixed(3)} ${e}`);
  // reconnectionTimeout 0: a dropped signalling connection must fail the run, not be retried.
  const api = new window.GstWebRTCAPI({ signalingServerUrl: url, reconnectionTimeout: 0, meta, webrtcConfig });
  window.__api = api;
  api.registerConnectionListener({
    connected(id) { note(`connected ${id}`); h.clientId = id; },
    disconnected() { note('disconnected'); h.errors.push('disconnected from the signalling server'); },
  });
  window.__onError = (what) => (e) => {
    h.errors.push(`${what}: ${e.message}${e.error ? ` (${e.error.message || e.error})` : ''}`);
  };
  window.__note = note;
}

async function main() {
  diag.step = 'serve page';
  const site = await serveRoutes(await gstWebRtcApiRoutes());

  diag.step = 'launch chromium';
  const browser = await launchChromium();
  diag.browser = browser;
  cleanup = async () => { await browser.close(); await site.close(); };
  mark('launched');

  diag.step = 'open pages';
  const consumer = { label: 'consumer', ...await openLoggedPage(browser.context, `${site.origin}/`, 'consumer') };
  const producer = { label: 'producer', ...await openLoggedPage(browser.context, `${site.origin}/`, 'producer') };
  const pages = [consumer, producer];
  diag.pages = pages;
  let snapshotted = false;
  try {
    // The consumer connects first and learns about the producer through peerStatusChanged
    // (the listener path); the list reply path is exercised on every connect anyway.
    diag.step = 'consumer connects';
    await consumer.page.evaluate(pageConnect, { url: opts.url, meta: { name: CONSUMER_NAME }, webrtcConfig: WEBRTC_CONFIG });
    await consumer.page.evaluate((producerName) => {
      const h = window.__harness;
      h.producerId = null;
      window.__api.registerPeerListener({
        producerAdded(p) {
          window.__note(`producerAdded ${p.id} ${JSON.stringify(p.meta)}`);
          if (p.meta && p.meta.name === producerName && !h.producerId) window.__consume(p.id);
        },
        producerRemoved(p) {
          window.__note(`producerRemoved ${p.id}`);
          if (p.id === h.producerId) h.errors.push('producer went away');
        },
      });
      window.__consume = (producerId) => {
        h.producerId = producerId;
        h.listedProducers = window.__api.getAvailableProducers().map((p) => p.id);
        const session = window.__api.createConsumerSession(producerId);
        if (!session) { h.errors.push('createConsumerSession returned null'); return; }
        window.__session = session;
        session.addEventListener('error', window.__onError('consumer session'));
        session.addEventListener('stateChanged', () => { h.sessionState = session.state; window.__note(`consumer state ${session.state}`); });
        session.addEventListener('closed', () => { if (!h.done) h.errors.push('consumer session closed'); });
        session.addEventListener('streamsChanged', () => {
          // Render the stream: a real consumer does, and it keeps the decoder busy.
          h.streams = session.streams.length;
          let video = document.querySelector('video');
          if (!video) {
            video = document.createElement('video');
            video.autoplay = true; video.muted = true; video.playsInline = true;
            document.body.appendChild(video);
          }
          video.srcObject = session.streams[0];
          video.play().catch((e) => window.__note(`video.play: ${e.message}`));
        });
        if (!session.connect()) h.errors.push('consumer session connect() failed');
      };
    }, PRODUCER_NAME);
    const consumerId = await waitFor(consumer.page, 'clientId', 10_000);
    mark('consumerConnected');

    diag.step = 'producer connects and registers';
    await producer.page.evaluate(pageConnect, { url: opts.url, meta: { name: PRODUCER_NAME }, webrtcConfig: WEBRTC_CONFIG });
    const producerId = await waitFor(producer.page, 'clientId', 10_000);
    await producer.page.evaluate(async () => {
      const h = window.__harness;
      try {
        // Chromium's fake capture device (flags in chromium.mjs): a moving test pattern and a beep.
        const stream = await navigator.mediaDevices.getUserMedia({ video: { width: 640, height: 480 }, audio: true });
        const session = window.__api.createProducerSession(stream);
        if (!session) { h.errors.push('createProducerSession returned null'); return; }
        window.__producerSession = session;
        h.clients = 0;
        session.addEventListener('error', window.__onError('producer session'));
        session.addEventListener('stateChanged', () => {
          window.__note(`producer state ${session.state}`);
          if (session.state === window.GstWebRTCAPI.SessionState.streaming) h.registered = true;
        });
        session.addEventListener('clientConsumerAdded', (e) => {
          h.clients++;
          window.__clientSession = e.detail; window.__note(`client ${e.detail.peerId} session ${e.detail.sessionId}`); });
        session.addEventListener('closed', () => { if (!h.done) h.errors.push('producer session closed'); });
        if (!session.start()) h.errors.push('producer session start() failed');
      } catch (e) {
        h.errors.push(`getUserMedia/producer: ${e.name}: ${e.message}`);
      }
    });
    await waitFor(producer.page, 'registered', 10_000);
    mark('producerRegistered');

    diag.step = 'consumer sees producer';
    const seenId = await waitFor(consumer.page, 'producerId', 10_000);
    if (seenId !== producerId) throw new Error(`consumer picked producer ${seenId}, expected ${producerId}`);
    mark('producerSeen');

    diag.step = 'media flows';
    const deadline = Date.now() + opts.timeoutMs;
    let stats = null;
    for (;;) {
      const h = await consumer.page.evaluate(() => window.__harness);
      if (h.errors.length > 0) throw new Error(`gstwebrtc-api error: ${h.errors.join(' | ')}`);
      stats = await consumer.page.evaluate(readPeerStats);
      diag.lastStats = stats;
      if (stats && stats.framesDecoded > 0 && !timings.firstFrame) mark('firstFrame');
      if (stats && stats.framesDecoded > opts.frames) break;
      if (Date.now() >= deadline) {
        throw new Error(`framesDecoded ${stats ? stats.framesDecoded : 'n/a'} did not exceed ${opts.frames} within ${opts.timeoutMs} ms`);
      }
      await new Promise((r) => setTimeout(r, 250));
    }
    mark('done');
    const producerStats = await producer.page.evaluate(readPeerStats);
    if (!producerStats || producerStats.sessionId !== stats.sessionId) {
      throw new Error(`producer and consumer disagree on the session id: ${producerStats && producerStats.sessionId} vs ${stats.sessionId}`);
    }
    // No STUN/TURN: every candidate the server relayed must be a host candidate on an address
    // of this machine (see recordRemoteCandidates in chromium.mjs).
    const mine = localAddresses();
    const relayed = { consumer: stats.remoteCandidates, producer: producerStats ? producerStats.remoteCandidates : [] };
    for (const [side, list] of Object.entries(relayed)) {
      if (list.length === 0) throw new Error(`the ${side} received no ICE candidate through the server`);
      const foreign = list.filter((c) => !mine.has(c.address.replace(/^\[|\]$/g, '')) || c.type !== 'host');
      if (foreign.length) throw new Error(`the ${side} was given candidates off this machine: ${JSON.stringify(foreign)}`);
    }
    await snapshot(pages);
    snapshotted = true;
    await consumer.page.evaluate(() => { window.__harness.done = true; });
    await producer.page.evaluate(() => { window.__harness.done = true; });

    console.log(JSON.stringify({
      ok: true,
      framesDecoded: stats.framesDecoded,
      frameWidth: stats.frameWidth,
      frameHeight: stats.frameHeight,
      videoCodec: stats.videoCodec,
      audioPacketsReceived: stats.audioPacketsReceived,
      candidatePair: { consumer: stats.candidatePair, producer: producerStats && producerStats.candidatePair },
      // How many ICE candidates the server relayed to each page (all host candidates here).
      relayedCandidates: { toConsumer: relayed.consumer.length, toProducer: relayed.producer.length },
      producerId,
      consumerId,
      sessionId: stats.sessionId,
      producerClients: diag.state.producer?.clients ?? null,
      chromium: browser.version,
      gstwebrtcApi: gstWebRtcApiVersion(),
      timingsMs: timings,
    }));
  } finally {
    if (!snapshotted) await snapshot(pages);
  }
}

// Runs in a page: the numbers we judge by, from that peer's RTCPeerConnection
// (the consumer session's, or the producer's client session for our consumer).
async function readPeerStats() {
  const session = window.__session || window.__clientSession;
  const pc = session && session.rtcPeerConnection;
  if (!pc) return null;
  const report = await pc.getStats();
  const out = {
    sessionId: session.sessionId, framesDecoded: 0,
    connectionState: pc.connectionState, iceConnectionState: pc.iceConnectionState,
  };
  let pair = null;
  report.forEach((s) => {
    if (s.type === 'inbound-rtp' && s.kind === 'video') {
      out.framesDecoded = s.framesDecoded || 0;
      out.frameWidth = s.frameWidth; out.frameHeight = s.frameHeight;
      out.videoPacketsReceived = s.packetsReceived;
      const codec = s.codecId && report.get(s.codecId);
      out.videoCodec = codec ? codec.mimeType : null;
    } else if (s.type === 'inbound-rtp' && s.kind === 'audio') {
      out.audioPacketsReceived = s.packetsReceived;
    } else if (s.type === 'outbound-rtp' && s.kind === 'video') {
      out.framesEncoded = s.framesEncoded;
    } else if (s.type === 'transport' && s.selectedCandidatePairId) {
      pair = report.get(s.selectedCandidatePairId);
    }
  });
  if (pair) {
    // Chromium reports a peer-reflexive candidate's address as '' (privacy); the other
    // side's local candidate of the same pair shows it.
    const show = (c) => c && `${c.candidateType} ${c.protocol} ${c.address || '?'} ${c.port}`;
    out.candidatePair = { local: show(report.get(pair.localCandidateId)), remote: show(report.get(pair.remoteCandidateId)) };
  }
  out.remoteCandidates = window.__remoteCandidates ?? [];
  return out;
}

main().then(
  () => cleanup().then(() => process.exit(0)),
  (e) => fail(e),
);
