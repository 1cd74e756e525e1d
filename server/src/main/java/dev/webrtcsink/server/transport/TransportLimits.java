package dev.webrtcsink.server.transport;

import java.time.Duration;
import java.util.Objects;

/**
 * Protective limits of the WebSocket transport. {@link #DEFAULTS} are chosen so that a real
 * client never trips them: a browser trickles dozens of ICE candidates within a second, so the
 * rate limit allows bursts of a thousand messages and a sustained 200 per second.
 *
 * @param maxFrameBytes largest text message accepted (UTF-8 bytes); bigger ones get an
 *     {@code error} reply and are dropped, the connection stays. Messages over
 *     {@link #hardFrameCapBytes()} cannot be skipped without buffering them, so the connection
 *     is closed with 1009 instead.
 * @param messagesPerSecond sustained inbound message rate per connection; 0 disables the limit
 * @param messageBurst inbound messages a connection may send at once before the rate applies
 * @param sendQueueMessages outbound frames a connection may have waiting; one more and the
 *     peer is disconnected as a slow consumer
 * @param sendQueueBytes outbound bytes a connection may have waiting (same consequence)
 * @param sendStallTimeout a connection whose outbound queue makes no progress for this long
 *     is disconnected as a slow consumer
 * @param pingAfterIdle a Ping is sent after this long without any frame from the peer
 * @param pongTimeout a peer that has not answered a Ping within this long is dropped as dead
 * @param handshakeTimeout a connection must complete TLS and the WebSocket upgrade within this
 * @param inboundQueueCapacity messages waiting for the event loop, all peers together; when
 *     full, reading threads wait (back-pressure) for up to a few seconds, then drop
 */
public record TransportLimits(
        int maxFrameBytes,
        double messagesPerSecond,
        int messageBurst,
        int sendQueueMessages,
        long sendQueueBytes,
        Duration sendStallTimeout,
        Duration pingAfterIdle,
        Duration pongTimeout,
        Duration handshakeTimeout,
        int inboundQueueCapacity) {

    public static final TransportLimits DEFAULTS = new TransportLimits(
            64 * 1024, 200, 1000, 1000, 8L << 20, Duration.ofSeconds(10),
            Duration.ofSeconds(30), Duration.ofSeconds(30), Duration.ofSeconds(10), 10_000);

    public TransportLimits {
        require(maxFrameBytes > 0, "maxFrameBytes must be > 0");
        require(messagesPerSecond >= 0, "messagesPerSecond must be >= 0 (0 disables)");
        require(messageBurst > 0, "messageBurst must be > 0");
        require(sendQueueMessages > 0, "sendQueueMessages must be > 0");
        require(sendQueueBytes > 0, "sendQueueBytes must be > 0");
        requirePositive(sendStallTimeout, "sendStallTimeout");
        requirePositive(pingAfterIdle, "pingAfterIdle");
        requirePositive(pongTimeout, "pongTimeout");
        requirePositive(handshakeTimeout, "handshakeTimeout");
        require(inboundQueueCapacity > 0, "inboundQueueCapacity must be > 0");
    }

    /** Whether inbound messages are rate limited at all. */
    public boolean rateLimited() {
        return messagesPerSecond > 0;
    }

    /**
     * Frame size beyond which the library closes the connection (1009) rather than reading the
     * frame to the end: sixteen times the soft limit, at least 1 MiB.
     */
    public int hardFrameCapBytes() {
        return (int) Math.min(Integer.MAX_VALUE, Math.max(16L * maxFrameBytes, 1L << 20));
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }

    private static void requirePositive(Duration d, String name) {
        Objects.requireNonNull(d, name);
        require(!d.isNegative() && !d.isZero(), name + " must be > 0");
    }
}
