// Headless Chromium for browser tests, driven by playwright-core against Debian's
// /usr/bin/chromium (Playwright's own browser downloads cannot work here: no network but
// the package registries).
//
// Everything a test needs to start a browser, serve it a page and the gstwebrtc-api
// bundle lives here, so every browser test starts Chromium the same way.

import { chromium } from 'playwright-core';
import { createRequire } from 'node:module';
import { mkdtemp, rm, writeFile, readFile, readdir, chmod } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { tmpdir, networkInterfaces } from 'node:os';
import { join } from 'node:path';
import http from 'node:http';

const require = createRequire(import.meta.url);

/** Debian's launcher script; CHROMIUM overrides it for odd machines. */
export const CHROMIUM_EXECUTABLE = process.env.CHROMIUM || '/usr/bin/chromium';

/**
 * Our flags on top of Playwright's defaults (duplicates of Playwright's own are harmless and
 * keep this list a complete statement of what we rely on):
 * - no-sandbox: tests run as root in CI, where Chromium refuses to start sandboxed;
 * - disable-gpu: there is no GPU, and software fallbacks log noise and cost CPU;
 * - disable-quic, disable-background-networking, disable-component-update, disable-sync,
 *   no-first-run: Chromium otherwise keeps trying to reach Google hosts, which the closed
 *   network refuses (and which we must not contact anyway);
 * - use-fake-device-for-media-stream / use-fake-ui-for-media-stream: a synthetic camera and
 *   microphone, granted without a permission prompt;
 * - allow-loopback-in-peer-connection: the two peers live on this machine, so loopback
 *   candidates must be allowed.
 */
export const CHROMIUM_ARGS = Object.freeze([
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--use-fake-device-for-media-stream',
  '--use-fake-ui-for-media-stream',
  '--allow-loopback-in-peer-connection',
]);

/**
 * Features we switch off in addition to Playwright's. WebRtcHideLocalIpsWithMdns: a page
 * without camera permission (our consumer) would otherwise offer `<uuid>.local` host
 * candidates, which only resolve through multicast DNS; we want plain IP candidates.
 */
export const EXTRA_DISABLED_FEATURES = Object.freeze(['WebRtcHideLocalIpsWithMdns']);

/**
 * The RTCPeerConnection configuration for gstwebrtc-api: NO STUN server. Its default lists
 * Google's public STUN servers, unreachable here and never wanted in tests; host candidates
 * are all two local peers need. gstwebrtc-api replaces webrtcConfig as a whole (shallow
 * Object.assign), so its default bundlePolicy is restated.
 */
export const WEBRTC_CONFIG = Object.freeze({ iceServers: [], bundlePolicy: 'max-bundle' });

/**
 * Page init script: records the address of every remote ICE candidate handed to any
 * RTCPeerConnection of the page (window.__remoteCandidates), so a test can prove that the
 * peers only ever target this machine's own addresses. With no STUN/TURN server there are
 * only host candidates; Chromium gathers them on every interface (loopback included,
 * thanks to --allow-loopback-in-peer-connection) and may pick the machine's own LAN address
 * over loopback. Packets to an address of this host are delivered by the kernel over lo and
 * never leave the machine, which is what "loopback only" has to guarantee.
 */
function recordRemoteCandidates() {
  const seen = [];
  window.__remoteCandidates = seen;
  const original = RTCPeerConnection.prototype.addIceCandidate;
  RTCPeerConnection.prototype.addIceCandidate = function addIceCandidate(candidate, ...rest) {
    const text = candidate && candidate.candidate;
    if (text) {
      // candidate:<foundation> <component> <protocol> <priority> <address> <port> typ <type> ...
      const f = text.split(' ');
      seen.push({ address: f[4], protocol: f[2], type: f[7] });
    }
    return original.call(this, candidate, ...rest);
  };
}

/** Addresses of this machine's interfaces, for checking that ICE stays on the host. */
export function localAddresses() {
  const set = new Set();
  for (const list of Object.values(networkInterfaces())) for (const a of list || []) set.add(a.address);
  return set;
}

/** Path of the gstwebrtc-api browser bundle, which sets `window.GstWebRTCAPI`. */
export function gstWebRtcApiBundlePath() {
  // The package's "main" is dist/gstwebrtc-api-<version>.min.js.
  return require.resolve('gstwebrtc-api');
}

export function gstWebRtcApiVersion() {
  return JSON.parse(readFileSync(require.resolve('gstwebrtc-api/package.json'), 'utf8')).version;
}

/**
 * The arguments Playwright itself would pass for these launch options. Playwright has no API
 * for them, so we launch a stub "browser" that records its argv and exits at once (~30 ms);
 * the launch then fails, as expected. The stub lives in its own temp directory.
 */
async function playwrightDefaultArgs(options) {
  const dir = await mkdtemp(join(tmpdir(), 'pw-args-probe-'));
  try {
    const stub = join(dir, 'record-args');
    const out = join(dir, 'args');
    await writeFile(stub, `#!/bin/sh\nprintf '%s\\n' "$@" > '${out}'\n`);
    await chmod(stub, 0o755);
    const probeProfile = join(dir, 'profile');
    await chromium.launchPersistentContext(probeProfile, { ...options, executablePath: stub, timeout: 10_000 })
      .then((ctx) => ctx.close(), () => {});
    const text = await readFile(out, 'utf8').catch(() => '');
    if (!text) {
      throw new Error('could not learn Playwright\'s default Chromium arguments (probe recorded nothing)');
    }
    return text.split('\n').filter(Boolean);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** The full argv of the browser process started with `--user-data-dir=<profile>`, or null. */
async function browserCommandLine(profile) {
  const marker = `--user-data-dir=${profile}`;
  for (const pid of await readdir('/proc').catch(() => [])) {
    if (!/^\d+$/.test(pid)) continue;
    const argv = (await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '')).split('\0').filter(Boolean);
    // Child processes (renderer, gpu, utility) carry --type=...; the browser process does not.
    if (argv.includes(marker) && !argv.some((a) => a.startsWith('--type='))) {
      return { pid: Number(pid), argv };
    }
  }
  return null;
}

/**
 * Launches headless Chromium with a fresh temporary profile.
 *
 * Returns `{ context, commandLine, version, close }`: one persistent browser context (pages
 * opened from it are independent documents; use one per peer), the browser's exact argv
 * as read from /proc, and an idempotent close() that also removes the profile.
 * Every page records the remote ICE candidates it is given (see recordRemoteCandidates).
 */
export async function launchChromium({
  executablePath = CHROMIUM_EXECUTABLE, args = [], timeoutMs = 30_000,
} = {}) {
  const base = {
    headless: true,
    // We handle signals ourselves (close the browser, print diagnostics, exit with a code the
    // caller understands); Playwright's handlers would kill the browser behind our back.
    handleSIGINT: false,
    handleSIGTERM: false,
    handleSIGHUP: false,
    args: [...CHROMIUM_ARGS, ...args],
  };

  // Chromium honours only the LAST --disable-features flag, so adding ours would silently
  // drop Playwright's list. Ask Playwright for its flag, suppress it, and pass one merged flag.
  const defaults = await playwrightDefaultArgs(base);
  const pwDisable = defaults.filter((a) => a.startsWith('--disable-features='));
  const features = new Set();
  for (const flag of pwDisable) {
    for (const f of flag.slice('--disable-features='.length).split(',')) if (f) features.add(f);
  }
  for (const f of EXTRA_DISABLED_FEATURES) features.add(f);

  const profile = await mkdtemp(join(tmpdir(), 'webrtcsink-chromium-'));
  let context;
  try {
    context = await chromium.launchPersistentContext(profile, {
      ...base,
      executablePath,
      timeout: timeoutMs,
      ignoreDefaultArgs: pwDisable,
      args: [...base.args, `--disable-features=${[...features].join(',')}`],
    });
  } catch (e) {
    await rm(profile, { recursive: true, force: true });
    throw e;
  }

  const cmd = await browserCommandLine(profile);
  const disableFlags = cmd ? cmd.argv.filter((a) => a.startsWith('--disable-features=')) : [];
  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    await context.close().catch(() => {});
    await rm(profile, { recursive: true, force: true }).catch(() => {});
  };
  // Guard the one fact that silently breaks WebRTC: exactly one --disable-features, ours.
  if (cmd && (disableFlags.length !== 1 || !EXTRA_DISABLED_FEATURES.every((f) => disableFlags[0].split(/[=,]/).includes(f)))) {
    await close();
    throw new Error(`unexpected --disable-features on the browser command line: ${JSON.stringify(disableFlags)}`);
  }
  await context.addInitScript(recordRemoteCandidates);
  return {
    context,
    commandLine: cmd ? cmd.argv : null,
    version: context.browser()?.version() ?? null,
    close,
  };
}

/**
 * A tiny HTTP server on 127.0.0.1 (ephemeral port) serving fixed routes:
 * `{ '/path': { type, body } }`. Pages must come from http://127.0.0.1, a secure context,
 * because getUserMedia is unavailable on about:blank or file: pages.
 * Returns `{ origin, close }`.
 */
export async function serveRoutes(routes) {
  const server = http.createServer((req, res) => {
    const route = routes[new URL(req.url, 'http://127.0.0.1').pathname];
    if (!route) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    res.writeHead(200, { 'content-type': route.type, 'cache-control': 'no-store' }).end(route.body);
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  return {
    origin: `http://127.0.0.1:${server.address().port}`,
    close: () => new Promise((resolve) => {
      server.closeAllConnections?.();
      server.close(() => resolve());
    }),
  };
}

/** Routes for an empty page that loads the gstwebrtc-api bundle: `/` and the bundle. */
export async function gstWebRtcApiRoutes() {
  const bundle = await readFile(gstWebRtcApiBundlePath());
  return {
    '/': {
      type: 'text/html; charset=utf-8',
      body: '<!doctype html><meta charset="utf-8"><title>gstwebrtc-api harness</title>'
        + '<script src="/gstwebrtc-api.min.js"></script><body></body>',
    },
    '/gstwebrtc-api.min.js': { type: 'text/javascript; charset=utf-8', body: bundle },
    // Chromium asks for it on every page; a 404 would add a console error to diagnostics.
    '/favicon.ico': { type: 'image/x-icon', body: '' },
  };
}

/**
 * Opens a page at `url` whose console messages and uncaught errors are kept (prefixed with
 * `label`) in the returned `logs` array, for diagnostics when a test fails.
 */
export async function openLoggedPage(context, url, label) {
  const page = await context.newPage();
  const logs = [];
  page.on('console', (m) => logs.push(`[${label}] console.${m.type()}: ${m.text()}`));
  page.on('pageerror', (e) => logs.push(`[${label}] pageerror: ${e.stack || e}`));
  page.on('crash', () => logs.push(`[${label}] page crashed`));
  await page.goto(url, { waitUntil: 'load' });
  return { page, logs };
}
