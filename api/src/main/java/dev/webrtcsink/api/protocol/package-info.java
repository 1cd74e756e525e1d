/**
 * The signalling protocol spoken over WebSocket between peers and the signalling server,
 * wire-compatible with upstream gst-webrtc-signalling-server.
 *
 * <p>Messages are immutable records. {@link dev.webrtcsink.api.protocol.IncomingMessage} is what
 * a peer sends to the server, {@link dev.webrtcsink.api.protocol.OutgoingMessage} what the server
 * sends to a peer; {@link dev.webrtcsink.api.protocol.PeerMessage},
 * {@link dev.webrtcsink.api.protocol.EndSession} and
 * {@link dev.webrtcsink.api.protocol.EndSessionV1_1} travel both ways with the same JSON.
 * {@link dev.webrtcsink.api.protocol.SignallingCodec} is the only place that maps them to and from
 * JSON, so the server and the client signaller cannot drift apart.
 *
 * <p>Conventions: a Java {@code null} stands for an absent optional value (JSON {@code null} or a
 * missing field); collections are never null.
 */
package dev.webrtcsink.api.protocol;
