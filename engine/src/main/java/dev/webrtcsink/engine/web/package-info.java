/**
 * The embedded web server of webrtcsink's {@code run-web-server} ({@link dev.webrtcsink.engine.web.WebServer}).
 *
 * <p>By default it serves our viewer page from the classpath ({@code dev/webrtcsink/engine/web/}: index.html,
 * viewer.js, viewer.css, plus {@code config.js} written per server with the signalling URL). The page loads the
 * upstream npm package gstwebrtc-api, which the engine build copies from {@code scripts/browser/node_modules}
 * (installed by {@code scripts/setup}) into {@code dev/webrtcsink/engine/web/gstwebrtc-api/}; it is never
 * committed. A build without it still serves the page, which then says "gstwebrtc-api bundle missing: run
 * scripts/setup" (and the server logs a warning at start).
 *
 * <p>How webrtcsink uses it (spec webrtcsink.md §15): at READY→PAUSED, when {@code run-web-server} is true,
 * <pre>
 *   web = WebServer.builder()
 *           .hostAddress(webServerHostAddr)              // "http://127.0.0.1:8080" by default
 *           .directory(dir)                              // web-server-directory, or null for the built-in page
 *           .pathPrefix(webServerPath)                   // may be null
 *           .tls(cert, key)                              // both null for HTTP
 *           .signallingUrl(signallerUri)                 // e.g. the embedded signalling server's ws:// URI
 *           .build().start();                            // IOException: post an element error
 * </pre>
 * and {@code web.stop()} at PAUSED→READY.
 */
package dev.webrtcsink.engine.web;
