package dev.webrtcsink.engine.sink;

import dev.webrtcsink.engine.cc.Allocation;
import dev.webrtcsink.engine.cc.CongestionController;
import dev.webrtcsink.engine.cc.DelayFeedback;
import dev.webrtcsink.engine.codec.MediaKind;
import dev.webrtcsink.engine.codec.SessionCodecs;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.freedesktop.gstreamer.Pad;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A session's congestion control wiring: its {@link CongestionController}, the video encoders it drives and their
 * transceivers' {@code fec-percentage} (webrtcsink.md §7.4 step 5, congestion-control.md §1, §2.5). Feedback comes
 * from the session (stats polling, TWCC notifications); decisions are applied here by setting the encoder's bitrate
 * property in its own unit (spec §9.2) and the transceiver's FEC percentage. Nothing runs per buffer.
 *
 * <p>Threading: called from the control thread (streams connected or dropped) and the monitor thread (feedback);
 * every method is synchronized, and applying a decision only sets GObject properties.
 */
final class SessionCongestion {

    private static final Logger LOG = LoggerFactory.getLogger(SessionCongestion.class);

    /** One connected video stream. */
    private static final class VideoStream {
        final PayloadChain chain;
        final Pad webrtcPad;
        final boolean controlled;
        int fecPercentage;

        VideoStream(PayloadChain chain, Pad webrtcPad, boolean controlled) {
            this.chain = chain;
            this.webrtcPad = webrtcPad;
            this.controlled = controlled;
        }
    }

    private final String sessionId;
    private final CongestionController controller;
    private final WebRtcBinDriver driver;
    private final List<VideoStream> streams = new ArrayList<>();
    private long delayUpdates;
    private long lossUpdates;

    SessionCongestion(String sessionId, CongestionController controller, WebRtcBinDriver driver) {
        this.sessionId = sessionId;
        this.controller = controller;
        this.driver = driver;
    }

    /** Whether the session listens to TWCC feedback (and so negotiates the extension). */
    boolean needsTwcc() {
        return controller.needsTwcc();
    }

    /**
     * Whether a payload type of an input is sent with the TWCC header extension (spec §10.2): only with a
     * controller that reads TWCC, and for video only when the encoder's bitrate can follow it.
     */
    boolean twccFor(SinkInput input, SessionCodecs.Entry entry) {
        if (!controller.needsTwcc()) {
            return false;
        }
        if (input.kind() != MediaKind.VIDEO) {
            return true;
        }
        return input.isRaw() && entry.codec().encoder().map(e -> e.supportsBitrateControl()).orElse(false);
    }

    /** A video stream's chain is linked to its webrtcbin pad: initial bitrate and FEC (spec §7.4 step 5). */
    synchronized void videoConnected(PayloadChain chain, Pad webrtcPad) {
        VideoStream stream = new VideoStream(chain, webrtcPad, chain.supportsBitrateControl());
        streams.add(stream);
        if (!stream.controlled) {
            setFec(stream, controller.initialFecPercentage());
            return;
        }
        Allocation a = controller.encoderAdded(chain.bitrate());
        if (a.perEncoderBitrate() != chain.bitrate()) {
            chain.setBitrate(a.perEncoderBitrate());
        }
        setFec(stream, a.fecPercentage());
        LOG.debug("session {}: {} connected at {} bit/s, FEC {} %: {}", sessionId, chain.streamName(),
                chain.bitrate(), a.fecPercentage(), controller.dump());
    }

    /** A video stream's chain left the session (its input was released). */
    synchronized void videoDisconnected(PayloadChain chain) {
        streams.removeIf(s -> {
            if (s.chain != chain) {
                return false;
            }
            if (s.controlled) {
                controller.encoderRemoved();
            }
            return true;
        });
    }

    /** Delay input: one stats reply (congestion-control.md §2.3). */
    synchronized void onDelayFeedback(DelayFeedback feedback, long nowNanos) {
        delayUpdates++;
        controller.onDelayFeedback(feedback, nowNanos).ifPresent(this::apply);
    }

    /** Loss input: one TWCC statistics notification (congestion-control.md §2.4). */
    synchronized void onLossFeedback(double packetLossPercent) {
        lossUpdates++;
        controller.onLossFeedback(packetLossPercent).ifPresent(this::apply);
    }

    /** Every controlled encoder gets its share; its transceiver gets the FEC percentage once the bitrate is set. */
    private void apply(Allocation a) {
        for (VideoStream s : streams) {
            if (!s.controlled) {
                continue;
            }
            long before = s.chain.bitrate();
            if (before != a.perEncoderBitrate()) {
                if (!s.chain.setBitrate(a.perEncoderBitrate())) {
                    continue;
                }
                LOG.debug("session {}: {} bitrate {} -> {} bit/s ({})", sessionId, s.chain.streamName(), before,
                        a.perEncoderBitrate(), controller.dump());
            }
            if (s.fecPercentage != a.fecPercentage()) {
                setFec(s, a.fecPercentage());
            }
        }
    }

    private void setFec(VideoStream s, int percentage) {
        try {
            driver.setFecPercentage(s.webrtcPad, percentage);
            s.fecPercentage = percentage;
        } catch (RuntimeException e) {
            LOG.warn("session {}: cannot set fec-percentage on {}: {}", sessionId, s.chain.streamName(), e.toString());
        }
    }

    /** The FEC percentage last set on a stream's transceiver, 0 for streams not connected. */
    synchronized int fecPercentage(PayloadChain chain) {
        return streams.stream().filter(s -> s.chain == chain).findFirst().map(s -> s.fecPercentage).orElse(0);
    }

    /** The controller's current decision, empty before a controlled encoder joined. */
    synchronized Optional<Allocation> current() {
        return controller.current();
    }

    synchronized String dump() {
        return controller.dump() + " (" + delayUpdates + " delay / " + lossUpdates + " loss updates)";
    }
}
