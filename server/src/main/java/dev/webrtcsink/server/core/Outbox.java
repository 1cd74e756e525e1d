package dev.webrtcsink.server.core;

/**
 * Where the core hands messages for delivery. Implemented by the transport; must not block
 * (it enqueues onto the recipient's bounded send queue). Messages to unknown peers are dropped.
 */
@FunctionalInterface
public interface Outbox {
    void send(String peerId, String json);
}
