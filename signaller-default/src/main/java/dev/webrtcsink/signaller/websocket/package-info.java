/**
 * The default signaller: gst-webrtc-signalling-server's JSON protocol over a WebSocket.
 * {@link dev.webrtcsink.signaller.websocket.DefaultSignallerFactory} is the entry point
 * (ServiceLoader name "default"); {@link dev.webrtcsink.signaller.websocket.WebSocketSignaller}
 * the signaller.
 */
package dev.webrtcsink.signaller.websocket;
