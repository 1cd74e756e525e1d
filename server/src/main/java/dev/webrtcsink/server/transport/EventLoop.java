package dev.webrtcsink.server.transport;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's one logical event loop: a single thread that owns the {@code SignallingCore}
 * and runs every call into it, the outbox deliveries and the periodic keepalive sweep, so none
 * of that state needs locks.
 *
 * <p>Inbound messages pass a semaphore so that the queue in front of the loop stays bounded
 * (reading threads wait, which pushes back on TCP); lifecycle events (connected/disconnected)
 * bypass it because losing or delaying one would corrupt the core's view of the peers.
 */
public final class EventLoop {
    private static final Logger LOG = LoggerFactory.getLogger(EventLoop.class);
    public static final String THREAD_NAME = "signalling-event-loop";

    private final ScheduledThreadPoolExecutor executor;
    private final Semaphore inboundPermits;
    private volatile Thread thread;

    public EventLoop(int inboundCapacity) {
        this.inboundPermits = new Semaphore(inboundCapacity);
        this.executor = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread t = new Thread(runnable, THREAD_NAME);
            t.setDaemon(true);
            thread = t;
            return t;
        });
        executor.setRemoveOnCancelPolicy(true);
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    }

    /** Whether the caller is the loop thread. */
    public boolean inLoop() {
        return Thread.currentThread() == thread;
    }

    /** Runs {@code task} on the loop; never blocks; silently ignored once stopped. */
    public void execute(Runnable task) {
        try {
            executor.execute(() -> runGuarded(task));
        } catch (RejectedExecutionException stopped) {
            LOG.debug("event loop stopped; task dropped");
        }
    }

    /**
     * Queues one inbound message handler, waiting up to {@code maxWait} for room. Returns false
     * when the loop is saturated for that long (or stopped), and the message is dropped.
     */
    public boolean executeInbound(Runnable task, Duration maxWait) {
        try {
            if (!inboundPermits.tryAcquire(maxWait.toNanos(), TimeUnit.NANOSECONDS)) {
                return false;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
        try {
            executor.execute(() -> {
                try {
                    runGuarded(task);
                } finally {
                    inboundPermits.release();
                }
            });
            return true;
        } catch (RejectedExecutionException stopped) {
            inboundPermits.release();
            return false;
        }
    }

    /** Runs {@code task} on the loop and waits for its result. */
    public <T> T call(Callable<T> task, Duration timeout) throws TimeoutException, ExecutionException {
        if (inLoop()) {
            try {
                return task.call();
            } catch (Exception e) {
                throw new ExecutionException(e);
            }
        }
        Future<T> future;
        try {
            future = executor.submit(task);
        } catch (RejectedExecutionException stopped) {
            throw new ExecutionException(new IllegalStateException("event loop stopped"));
        }
        try {
            return future.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            future.cancel(false);
            throw new ExecutionException(e);
        } catch (TimeoutException e) {
            future.cancel(false);
            throw e;
        }
    }

    /** Runs {@code task} every {@code period} on the loop until stopped. */
    public ScheduledFuture<?> every(Duration period, Runnable task) {
        long nanos = period.toNanos();
        return executor.scheduleAtFixedRate(() -> runGuarded(task), nanos, nanos, TimeUnit.NANOSECONDS);
    }

    /** Runs {@code task} once on the loop after {@code delay}; ignored once stopped. */
    public void after(Duration delay, Runnable task) {
        try {
            executor.schedule(() -> runGuarded(task), delay.toNanos(), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException stopped) {
            LOG.debug("event loop stopped; delayed task dropped");
        }
    }

    /** Tasks waiting to run (diagnosis). */
    public int backlog() {
        return executor.getQueue().size();
    }

    /**
     * Runs what is already queued (e.g. the last disconnect notifications), then ends the
     * thread; waits up to {@code timeout} before interrupting it.
     */
    public void stop(Duration timeout) {
        executor.shutdown();
        try {
            if (!executor.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("event loop did not drain within {}; interrupting it", timeout);
                executor.shutdownNow();
                executor.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    private static void runGuarded(Runnable task) {
        try {
            task.run();
        } catch (RuntimeException | Error e) {
            // one bad message must not take the loop (and every peer) down with it
            LOG.error("event loop task failed", e);
        }
    }
}
