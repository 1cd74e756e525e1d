package dev.webrtcsink.server.transport;

import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.java_websocket.WebSocketImpl;

/**
 * One upgraded connection and the transport's bookkeeping for it.
 *
 * <p>Ownership: {@link #lastHeardNanos} and {@link #pingSentNanos} are written by the reading
 * thread and read by the event loop (volatile). {@link #announced} and the stall tracking
 * belong to the event loop. The token bucket and the throttling notice clock belong to the
 * reading thread.
 */
final class PeerConnection {
    /** Queue sizes below this are not worth summing byte by byte. */
    private static final int BYTE_CHECK_THRESHOLD = 16;
    private static final long THROTTLE_NOTICE_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(1);

    final String id;
    final WebSocketImpl socket;
    final String remote;
    final long connectedNanos;

    private final TokenBucket inboundRate;
    private final AtomicBoolean gone = new AtomicBoolean();
    volatile long lastHeardNanos;
    /** When the outstanding Ping was sent; 0 when none is outstanding. */
    volatile long pingSentNanos;
    /** Why the transport itself dropped this peer, for the disconnect log line. */
    volatile String dropReason;

    /** Whether the core has been told about this peer (and not yet told it left). */
    boolean announced;
    private ByteBuffer stallHead;
    private int stallHeadRemaining;
    private long stallSinceNanos;

    private long lastThrottleNoticeNanos;
    private boolean throttleNoticed;

    PeerConnection(String id, WebSocketImpl socket, String remote, TransportLimits limits, long nowNanos) {
        this.id = id;
        this.socket = socket;
        this.remote = remote;
        this.connectedNanos = nowNanos;
        this.lastHeardNanos = nowNanos;
        this.inboundRate = limits.rateLimited()
                ? new TokenBucket(limits.messagesPerSecond(), limits.messageBurst(), nowNanos)
                : null;
    }

    /** True exactly once: the first time the connection is seen closing. */
    boolean markGone() {
        return gone.compareAndSet(false, true);
    }

    boolean isGone() {
        return gone.get();
    }

    void heard(long nowNanos) {
        lastHeardNanos = nowNanos;
    }

    void pongReceived(long nowNanos) {
        lastHeardNanos = nowNanos;
        pingSentNanos = 0;
    }

    /** Takes one inbound message token; false when the peer is over its rate. */
    boolean admitInbound(long nowNanos) {
        return inboundRate == null || inboundRate.tryTake(nowNanos);
    }

    /** Whether to tell the peer (and the log) about throttling: at most once a second. */
    boolean shouldReportThrottling(long nowNanos) {
        if (throttleNoticed && nowNanos - lastThrottleNoticeNanos < THROTTLE_NOTICE_INTERVAL_NANOS) {
            return false;
        }
        throttleNoticed = true;
        lastThrottleNoticeNanos = nowNanos;
        return true;
    }

    int queuedFrames() {
        return socket.outQueue.size();
    }

    long queuedBytes() {
        long total = 0;
        for (ByteBuffer buffer : socket.outQueue) {
            total += buffer.remaining();
        }
        return total;
    }

    /**
     * Why one more outgoing message of {@code nextBytes} would overflow this peer's send queue,
     * or null if it fits.
     */
    String sendQueueOverflow(TransportLimits limits, int nextBytes) {
        int frames = queuedFrames();
        if (frames >= limits.sendQueueMessages()) {
            return frames + " messages waiting (limit " + limits.sendQueueMessages() + ")";
        }
        if (frames >= BYTE_CHECK_THRESHOLD || nextBytes > limits.sendQueueBytes() / BYTE_CHECK_THRESHOLD) {
            long bytes = queuedBytes() + nextBytes;
            if (bytes > limits.sendQueueBytes()) {
                return bytes + " bytes waiting (limit " + limits.sendQueueBytes() + ")";
            }
        }
        return null;
    }

    /**
     * How long the head of the send queue has not moved, as seen by successive calls from the
     * event loop's sweep; 0 when the queue is empty or moving.
     */
    long outboundStalledNanos(long nowNanos) {
        ByteBuffer head = socket.outQueue.peek();
        if (head == null) {
            stallHead = null;
            return 0;
        }
        int remaining = head.remaining();
        if (head != stallHead || remaining != stallHeadRemaining) {
            stallHead = head;
            stallHeadRemaining = remaining;
            stallSinceNanos = nowNanos;
            return 0;
        }
        return nowNanos - stallSinceNanos;
    }

    String describe(long nowNanos) {
        long ping = pingSentNanos;
        return id + " remote=" + remote
                + " age=" + TimeUnit.NANOSECONDS.toSeconds(nowNanos - connectedNanos) + "s"
                + " idle=" + TimeUnit.NANOSECONDS.toMillis(nowNanos - lastHeardNanos) + "ms"
                + " pingOutstanding=" + (ping == 0 ? "no" : TimeUnit.NANOSECONDS.toMillis(nowNanos - ping) + "ms")
                + " sendQueue=" + queuedFrames()
                + (inboundRate == null ? "" : String.format(" tokens=%.0f", inboundRate.available(nowNanos)))
                + (isGone() ? " gone" : "");
    }
}
