package dev.webrtcsink.server.transport;

/**
 * Classic token bucket: {@code burst} tokens at most, refilled at {@code perSecond}. One per
 * connection; synchronised because the library may in principle hand a connection's frames to
 * different worker threads over its lifetime.
 */
final class TokenBucket {
    private final double tokensPerNano;
    private final double capacity;
    private double tokens;
    private long lastRefillNanos;

    TokenBucket(double perSecond, int burst, long nowNanos) {
        this.tokensPerNano = perSecond / 1e9;
        this.capacity = burst;
        this.tokens = burst;
        this.lastRefillNanos = nowNanos;
    }

    synchronized boolean tryTake(long nowNanos) {
        refill(nowNanos);
        if (tokens >= 1.0) {
            tokens -= 1.0;
            return true;
        }
        return false;
    }

    synchronized double available(long nowNanos) {
        refill(nowNanos);
        return tokens;
    }

    private void refill(long nowNanos) {
        long elapsed = nowNanos - lastRefillNanos;
        if (elapsed > 0) {
            tokens = Math.min(capacity, tokens + elapsed * tokensPerNano);
            lastRefillNanos = nowNanos;
        }
    }
}
