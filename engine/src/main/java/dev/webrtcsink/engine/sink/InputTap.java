package dev.webrtcsink.engine.sink;

import java.util.concurrent.atomic.AtomicInteger;
import org.freedesktop.gstreamer.Bin;
import org.freedesktop.gstreamer.Element;
import org.freedesktop.gstreamer.ElementFactory;
import org.freedesktop.gstreamer.Pad;
import org.freedesktop.gstreamer.PadLinkException;
import org.freedesktop.gstreamer.State;
import org.freedesktop.gstreamer.event.FlushStartEvent;

/**
 * One consumer's connection to a shared input: {@code tee ! queue(leaky) ! proxysink} in the
 * producer bin and a {@code proxysrc} in the consumer pipeline.
 *
 * <p>Lifecycle: {@link #InputTap create} (elements exist, nothing flows) → {@link #open}
 * (tee pad linked, buffers flow) → {@link #close} (tee pad released, branch removed). The
 * consumer pipeline must be put to NULL only after {@link #close}: the leaky queue keeps a
 * slow or stopped consumer from ever blocking the producer, and closing first keeps the
 * consumer's teardown from racing buffers still crossing. {@link #close} flushes the consumer
 * side first, so a consumer pipeline that stopped taking data cannot hold it up.
 */
public final class InputTap {

    private static final AtomicInteger SERIAL = new AtomicInteger();
    /** Same bound as upstream's per-consumer appsrc (max-time 500 ms, leaky downstream). */
    private static final long MAX_QUEUED_NS = 500_000_000L;

    private final SinkInput input;
    private final Bin producerBin;
    private final Element queue;
    private final Element proxySink;
    private final Element proxySrc;
    private Pad teePad;
    private boolean closed;

    /**
     * Creates the producer branch (not linked yet) and a {@code proxysrc} added to
     * {@code consumerBin}.
     */
    public InputTap(SinkInput input, Bin consumerBin, String sessionId) {
        this.input = input;
        this.producerBin = input.producerBin();
        String id = input.name() + "-" + sessionId + "-" + SERIAL.incrementAndGet();
        queue = ElementFactory.make("queue", "tap-queue-" + id);
        queue.setAsString("leaky", "downstream");
        queue.set("max-size-buffers", 0);
        queue.set("max-size-bytes", 0);
        queue.set("max-size-time", MAX_QUEUED_NS);
        proxySink = ElementFactory.make("proxysink", "tap-sink-" + id);
        proxySrc = ElementFactory.make("proxysrc", input.name());
        proxySrc.set("proxysink", proxySink);
        consumerBin.add(proxySrc);
    }

    /** The source element inside the consumer pipeline. */
    public Element source() {
        return proxySrc;
    }

    public SinkInput input() {
        return input;
    }

    /** Links the branch to the tee: from now on the consumer receives the live input. */
    public synchronized void open() {
        if (closed || teePad != null) {
            throw new IllegalStateException("tap of " + input.name() + " already " + (closed ? "closed" : "open"));
        }
        producerBin.addMany(queue, proxySink);
        if (!queue.link(proxySink)) {
            throw new IllegalStateException("cannot link queue to proxysink for " + input.name());
        }
        proxySink.syncStateWithParent();
        queue.syncStateWithParent();
        teePad = input.fanout().getRequestPad("src_%u");
        try {
            teePad.link(queue.getStaticPad("sink"));
        } catch (PadLinkException e) {
            input.fanout().releaseRequestPad(teePad);
            teePad = null;
            throw new IllegalStateException("cannot link " + input.name() + " tee to consumer branch: " + e.getLinkResult(), e);
        }
    }

    /** Disconnects from the tee and disposes of the producer-side branch; idempotent. */
    public void close() {
        close(true);
    }

    /**
     * As {@link #close()}, but without flushing the consumer side: for a stream that leaves a session that goes on
     * (renegotiation), where a flush-start would travel through the stream's chain into webrtcbin and flush the
     * transport the other streams share. Such a session's transport is up, so nothing is backed up.
     */
    public void closeKeepingConsumerFlowing() {
        close(false);
    }

    private synchronized void close(boolean flushConsumerSide) {
        if (closed) {
            return;
        }
        closed = true;
        if (teePad == null) {
            return;
        }
        // tee copes with a request pad being released while it streams; after this no buffer
        // enters the branch, so the branch can be shut down without blocking the producer.
        teePad.unlink(queue.getStaticPad("sink"));
        input.fanout().releaseRequestPad(teePad);
        teePad = null;
        // A consumer whose transport never came up (ICE or DTLS) takes no data: its pipeline stops at webrtcbin's
        // DTLS gate and backs up into proxysrc's queue, where this branch's streaming thread then waits, holding the
        // stream lock that stopping the queue below needs. Flushing the consumer side (flush-start crosses to
        // proxysrc and on downstream, without any lock) sends that thread back with FLUSHING.
        if (flushConsumerSide) {
            proxySink.getStaticPad("sink").sendEvent(new FlushStartEvent());
        }
        queue.setState(State.NULL);
        proxySink.setState(State.NULL);
        producerBin.removeMany(queue, proxySink);
    }
}
