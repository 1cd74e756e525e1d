package dev.webrtcsink.server.transport;

import java.util.concurrent.atomic.LongAdder;

/** Live transport counters, bumped from I/O threads and the event loop alike. */
final class TransportCounters {
    final LongAdder connectionsAccepted = new LongAdder();
    final LongAdder connectionsRejected = new LongAdder();
    final LongAdder framesIn = new LongAdder();
    final LongAdder framesOut = new LongAdder();
    final LongAdder droppedForRate = new LongAdder();
    final LongAdder droppedForSize = new LongAdder();
    final LongAdder binaryFramesRejected = new LongAdder();
    final LongAdder slowConsumersDisconnected = new LongAdder();
    final LongAdder deadPeersDropped = new LongAdder();

    TransportStats snapshot(long connectionsOpen) {
        return new TransportStats(connectionsOpen, connectionsAccepted.sum(),
                connectionsRejected.sum(), framesIn.sum(), framesOut.sum(), droppedForRate.sum(),
                droppedForSize.sum(), binaryFramesRejected.sum(), slowConsumersDisconnected.sum(),
                deadPeersDropped.sum());
    }
}
