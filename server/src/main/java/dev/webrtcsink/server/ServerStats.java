package dev.webrtcsink.server;

import dev.webrtcsink.server.core.CoreStats;
import dev.webrtcsink.server.transport.TransportStats;

/**
 * Everything the server counts, at one moment.
 *
 * @param core the signalling core's counters (peers, sessions, relayed messages, errors); the
 *     last known values when {@code eventLoopResponsive} is false
 * @param transport connection and frame counters of the WebSocket transport
 * @param eventLoopResponsive false when the event loop did not answer within two seconds
 * @param uptimeSeconds seconds since start (0 before it)
 */
public record ServerStats(CoreStats core, TransportStats transport, boolean eventLoopResponsive,
                          long uptimeSeconds) {

    static final CoreStats NO_CORE_STATS = new CoreStats(0, 0, 0, 0, 0, 0);
    static final TransportStats NO_TRANSPORT_STATS = new TransportStats(0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
    static final ServerStats NOT_STARTED = new ServerStats(NO_CORE_STATS, NO_TRANSPORT_STATS, true, 0);
}
