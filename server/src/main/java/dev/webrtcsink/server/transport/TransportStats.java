package dev.webrtcsink.server.transport;

/**
 * Transport counters since start-up (gauges where noted).
 *
 * @param connectionsOpen upgraded WebSocket connections now (gauge)
 * @param connectionsAccepted WebSocket upgrades completed
 * @param connectionsRejected connections refused: failed authentication, upgrade or TLS
 *     handshake not completed in time
 * @param framesIn text and binary frames received
 * @param framesOut text frames queued for sending
 * @param droppedForRate inbound messages dropped by the rate limit
 * @param droppedForSize inbound messages dropped (or connections closed) for size
 * @param binaryFramesRejected binary frames answered with an error
 * @param slowConsumersDisconnected peers disconnected because their send queue overflowed or
 *     stalled
 * @param deadPeersDropped peers dropped because they did not answer a Ping
 */
public record TransportStats(
        long connectionsOpen,
        long connectionsAccepted,
        long connectionsRejected,
        long framesIn,
        long framesOut,
        long droppedForRate,
        long droppedForSize,
        long binaryFramesRejected,
        long slowConsumersDisconnected,
        long deadPeersDropped) {}
