package dev.webrtcsink.api.protocol;

/** Any signalling message, in either direction. */
public sealed interface SignallingMessage permits IncomingMessage, OutgoingMessage {
    /** The value of the JSON {@code "type"} discriminator, e.g. {@code "peerStatusChanged"}. */
    String wireType();
}
