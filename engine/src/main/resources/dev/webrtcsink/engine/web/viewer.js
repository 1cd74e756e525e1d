// The built-in page of webrtcsink's web server: lists the producers a signalling server knows and plays the
// one clicked, through the upstream gstwebrtc-api library (window.GstWebRTCAPI, loaded by index.html).
//
// Signalling URL, first found wins: ?signalling=<url> in the page address, the server's config.js, then
// ws(s)://<this page's host>:8443 (the embedded signalling server's default port).
// Tests read window.webrtcsinkViewer (state, producers, the playing session's RTCPeerConnection).
'use strict';

(function viewer() {
  const config = window.WEBRTCSINK_PAGE_CONFIG || {};
  const $ = (id) => document.getElementById(id);
  const ui = {
    url: $('signalling-url'), connection: $('connection-state'), error: $('error'),
    list: $('producers'), empty: $('no-producers'), title: $('playing-title'), video: $('video'),
    unmute: $('unmute'), stop: $('stop'), sessionState: $('session-state'),
  };

  const state = {
    signallingUrl: signallingUrl(),
    connection: 'not connected',
    clientId: null,
    producers: new Map(), // id -> meta
    playing: null, // producer id
    session: null,
    sessionState: 'none',
    errors: [],
  };

  // What tests (and curious developers, from the console) can look at.
  window.webrtcsinkViewer = {
    get state() { return state.connection; },
    get producers() { return [...state.producers].map(([id, meta]) => ({ id, name: displayName(id, meta) })); },
    get playing() { return state.playing; },
    get sessionState() { return state.sessionState; },
    get peerConnection() { return state.session ? state.session.rtcPeerConnection : null; },
    get errors() { return [...state.errors]; },
  };

  function signallingUrl() {
    const fromPage = new URLSearchParams(window.location.search).get('signalling');
    if (fromPage) return fromPage;
    // {host}: the host this page was loaded from (webrtcsink's embedded server listens next to us)
    if (config.signallingUrl) return config.signallingUrl.replace('{host}', window.location.hostname || '127.0.0.1');
    const scheme = window.location.protocol === 'https:' ? 'wss' : 'ws';
    return `${scheme}://${window.location.hostname || '127.0.0.1'}:8443`;
  }

  function showError(text) {
    state.errors.push(text);
    ui.error.textContent = text;
    ui.error.hidden = false;
  }

  function setConnection(text) {
    state.connection = text;
    ui.connection.textContent = text;
  }

  function displayName(id, meta) {
    return meta && typeof meta.name === 'string' && meta.name ? meta.name : id;
  }

  function renderProducers() {
    ui.list.replaceChildren();
    ui.empty.hidden = state.producers.size > 0;
    for (const [id, meta] of state.producers) {
      const button = document.createElement('button');
      button.type = 'button';
      button.dataset.producerId = id;
      button.className = id === state.playing ? 'playing' : '';
      button.append(displayName(id, meta));
      const small = document.createElement('span');
      small.className = 'producer-id';
      small.textContent = id;
      button.append(small);
      button.addEventListener('click', () => play(id));
      const item = document.createElement('li');
      item.append(button);
      ui.list.append(item);
    }
  }

  function setSessionState(text) {
    state.sessionState = text;
    ui.sessionState.textContent = text;
  }

  function stopPlaying() {
    const session = state.session;
    state.session = null;
    state.playing = null;
    if (session) session.close();
    ui.video.srcObject = null;
    ui.title.textContent = 'Nothing playing';
    ui.unmute.disabled = true;
    ui.stop.disabled = true;
    setSessionState('none');
    renderProducers();
  }

  function play(producerId) {
    stopPlaying();
    ui.error.hidden = true;
    const session = api.createConsumerSession(producerId);
    if (!session) {
      showError(`cannot start a session with producer ${producerId}`);
      return;
    }
    state.session = session;
    state.playing = producerId;
    ui.title.textContent = `Playing ${displayName(producerId, state.producers.get(producerId))}`;
    ui.stop.disabled = false;
    const sessionStates = ['idle', 'connecting', 'streaming', 'closed'];
    const mine = (handler) => (event) => { if (state.session === session) handler(event); };
    session.addEventListener('error', mine((event) => {
      showError(`session error: ${event.message}${event.error ? ` (${event.error.message || event.error})` : ''}`);
    }));
    session.addEventListener('stateChanged', mine(() => setSessionState(sessionStates[session.state] || String(session.state))));
    session.addEventListener('streamsChanged', mine(() => {
      if (session.streams.length === 0) return;
      ui.video.srcObject = session.streams[0];
      ui.unmute.disabled = false;
      // muted autoplay is always allowed; sound needs the user's click on Unmute
      ui.video.play().catch((e) => showError(`video: ${e.message}`));
    }));
    session.addEventListener('closed', mine(() => {
      setSessionState('closed');
      ui.stop.disabled = true;
    }));
    renderProducers();
    if (!session.connect()) showError('could not send the session request');
  }

  ui.url.textContent = state.signallingUrl;
  ui.unmute.addEventListener('click', () => {
    ui.video.muted = !ui.video.muted;
    ui.unmute.textContent = ui.video.muted ? 'Unmute' : 'Mute';
  });
  ui.stop.addEventListener('click', stopPlaying);
  renderProducers();

  if (typeof window.GstWebRTCAPI !== 'function') {
    setConnection('unavailable');
    showError(config.bundleMissingText || 'gstwebrtc-api bundle missing: run scripts/setup');
    return;
  }

  const api = new window.GstWebRTCAPI({
    signalingServerUrl: state.signallingUrl,
    meta: { name: 'webrtcsink viewer page' },
    // no STUN or TURN server: this page is for streams on this machine or network
    webrtcConfig: { iceServers: [], bundlePolicy: 'max-bundle' },
  });
  setConnection('connecting');
  api.registerConnectionListener({
    connected(clientId) {
      state.clientId = clientId;
      setConnection(`connected as ${clientId}`);
    },
    disconnected() {
      state.clientId = null;
      setConnection('disconnected (retrying)');
      state.producers.clear();
      renderProducers();
    },
  });
  api.registerPeerListener({
    producerAdded(producer) {
      state.producers.set(producer.id, producer.meta || {});
      renderProducers();
    },
    producerRemoved(producer) {
      state.producers.delete(producer.id);
      if (producer.id === state.playing) {
        stopPlaying();
        showError(`producer ${displayName(producer.id, producer.meta)} went away`);
      }
      renderProducers();
    },
  });
}());
