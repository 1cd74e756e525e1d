// The built-in page of webrtcsink's run-web-server: lists the producers the signalling server
// knows and plays the one clicked, with the upstream gstwebrtc-api library.
// Signalling URL: ?signalling=ws://host:port, else what the web server configured, else
// ws://<this page's host>:8443 (webrtcsink's embedded signalling server default).
(function () {
  'use strict';
  const $ = (id) => document.getElementById(id);
  const params = new URLSearchParams(location.search);
  const config = window.WEBRTCSINK_CONFIG || {};
  const signallingUrl = params.get('signalling')
    || (config.signallingUri && config.signallingUri.replace('{host}', location.hostname))
    || `ws://${location.hostname}:8443`;

  // Exposed for automated tests and for curious people with a console.
  const player = window.webrtcsinkPlayer = { signallingUrl, producers: new Map(), session: null, error: null };

  function setStatus(text) { $('status').textContent = text; }
  function showError(text) {
    player.error = text;
    $('error').textContent = text;
    $('error').hidden = !text;
  }

  if (!window.GstWebRTCAPI) {
    setStatus('not started');
    showError('gstwebrtc-api bundle missing: run scripts/setup, then rebuild');
    return;
  }

  // No STUN by default: this page is for loopback and LAN use; ?stun=stun:host:port adds one.
  const iceServers = params.get('stun') ? [{ urls: [params.get('stun')] }] : [];
  const api = new window.GstWebRTCAPI({
    signalingServerUrl: signallingUrl,
    reconnectionTimeout: 2500,
    webrtcConfig: { iceServers, bundlePolicy: 'max-bundle' },
  });
  player.api = api;

  api.registerConnectionListener({
    connected(clientId) { setStatus(`connected to ${signallingUrl} as ${clientId}`); showError(''); },
    disconnected() { setStatus(`disconnected from ${signallingUrl}; retrying…`); },
  });

  function label(producer) {
    const meta = producer.meta || {};
    return meta.name || meta['display-name'] || producer.id;
  }

  function renderList() {
    const list = $('producers');
    list.textContent = '';
    if (player.producers.size === 0) {
      const li = document.createElement('li');
      li.className = 'empty';
      li.textContent = 'no stream yet';
      list.appendChild(li);
      return;
    }
    for (const producer of player.producers.values()) {
      const li = document.createElement('li');
      const button = document.createElement('button');
      button.type = 'button';
      button.textContent = label(producer);
      button.title = producer.id;
      button.dataset.producerId = producer.id;
      if (player.session && player.playingId === producer.id) button.classList.add('active');
      button.addEventListener('click', () => play(producer.id));
      li.appendChild(button);
      list.appendChild(li);
    }
  }

  api.registerPeerListener({
    producerAdded(producer) { player.producers.set(producer.id, producer); renderList(); },
    producerRemoved(producer) {
      player.producers.delete(producer.id);
      if (player.playingId === producer.id) stop('the stream went away');
      renderList();
    },
  });

  function stop(reason) {
    const session = player.session;
    player.session = null;
    player.playingId = null;
    if (session) session.close();
    $('video').srcObject = null;
    $('playing').textContent = 'nothing';
    $('unmute').disabled = true;
    $('session-state').textContent = reason || '';
  }

  function play(producerId) {
    stop();
    showError('');
    const session = api.createConsumerSession(producerId);
    if (!session) {
      showError(`cannot start a session with ${producerId}`);
      return;
    }
    player.session = session;
    player.playingId = producerId;
    $('playing').textContent = label(player.producers.get(producerId) || { id: producerId });
    session.addEventListener('error', (e) => showError(e.message || 'session error'));
    session.addEventListener('stateChanged', () => {
      const names = ['idle', 'connecting', 'streaming', 'closed'];
      $('session-state').textContent = names[session.state] || String(session.state);
    });
    session.addEventListener('closed', () => {
      if (player.session === session) stop('session ended');
    });
    session.addEventListener('streamsChanged', () => {
      if (session.streams.length > 0) {
        const video = $('video');
        video.srcObject = session.streams[0];
        video.play().catch(() => { /* autoplay of a muted video is allowed; nothing else to do */ });
        $('unmute').disabled = false;
      }
    });
    if (!session.connect()) showError('could not connect the session');
    renderList();
  }

  $('unmute').addEventListener('click', () => {
    const video = $('video');
    video.muted = !video.muted;
    $('unmute').textContent = video.muted ? 'Unmute' : 'Mute';
  });

  /** Decoded video frames and received audio packets of the current session, for tests. */
  player.stats = async function () {
    const pc = player.session && player.session.rtcPeerConnection;
    if (!pc) return null;
    const out = { framesDecoded: 0, audioPacketsReceived: 0, connectionState: pc.connectionState };
    (await pc.getStats()).forEach((s) => {
      if (s.type === 'inbound-rtp' && s.kind === 'video') out.framesDecoded = s.framesDecoded || 0;
      if (s.type === 'inbound-rtp' && s.kind === 'audio') out.audioPacketsReceived = s.packetsReceived || 0;
    });
    return out;
  };
  player.play = play;
})();
