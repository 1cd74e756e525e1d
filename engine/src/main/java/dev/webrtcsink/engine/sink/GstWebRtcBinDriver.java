package dev.webrtcsink.engine.sink;

import com.sun.jna.Pointer;
import dev.webrtcsink.api.IceCandidate;
import dev.webrtcsink.api.SessionDescription;
import dev.webrtcsink.engine.cc.DelayFeedback;
import dev.webrtcsink.engine.gst.SdpType;
import dev.webrtcsink.engine.gst.StatsReport;
import dev.webrtcsink.engine.gst.StructureReader;
import dev.webrtcsink.engine.gst.TwccStatsWatch;
import dev.webrtcsink.engine.gst.WebRtcBin;
import dev.webrtcsink.engine.natives.GObjectLib;
import dev.webrtcsink.engine.natives.ObjectProperties;
import dev.webrtcsink.engine.natives.SignalConnection;
import java.time.Duration;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.freedesktop.gstreamer.Element;
import org.freedesktop.gstreamer.Pad;
import org.freedesktop.gstreamer.glib.Natives;

/** {@link WebRtcBinDriver} over the raw webrtcbin layer ({@link WebRtcBin}): what the element uses. */
public final class GstWebRtcBinDriver implements WebRtcBinDriver {

    private static final String[] CONNECTION_STATES = {"new", "connecting", "connected", "disconnected", "failed", "closed"};
    private static final String[] ICE_STATES = {"new", "checking", "connected", "completed", "failed", "disconnected", "closed"};

    private final Duration timeout;

    /** @param timeout how long to wait for any webrtcbin promise */
    public GstWebRtcBinDriver(Duration timeout) {
        this.timeout = timeout;
    }

    public GstWebRtcBinDriver() {
        this(Duration.ofSeconds(10));
    }

    private interface Call<T> {
        T run(WebRtcBin bin) throws InterruptedException, TimeoutException;
    }

    private <T> T with(Element webrtcbin, String what, Call<T> call) {
        try (WebRtcBin bin = WebRtcBin.of(webrtcbin)) {
            return call.run(bin);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WebRtcException(what + " interrupted", e);
        } catch (TimeoutException e) {
            throw new WebRtcException(what + " not answered within " + timeout, e);
        } catch (dev.webrtcsink.engine.gst.WebRtcException e) {
            throw new WebRtcException(what + ": " + e.getMessage(), e);
        }
    }

    /** Runs {@code action} with a new reference to the pad's transceiver. */
    private static void withTransceiver(Pad pad, Consumer<Pointer> action) {
        Pointer transceiver = ObjectProperties.getObject(Natives.getRawPointer(pad), "transceiver");
        if (transceiver == null) {
            throw new WebRtcException("pad " + pad.getName() + " has no transceiver");
        }
        try {
            action.accept(transceiver);
        } finally {
            GObjectLib.LIB.g_object_unref(transceiver);
        }
    }

    @Override
    public void prepare(Element webrtcbin) {
        with(webrtcbin, "disable UPnP", bin -> {
            bin.disableUpnp();
            return null;
        });
    }

    @Override
    public void addTurnServer(Element webrtcbin, String uri) {
        dev.webrtcsink.engine.natives.Signals.emit(Natives.getRawPointer(webrtcbin), "add-turn-server", uri);
    }

    @Override
    public Pad requestSendPad(Element webrtcbin, SendTransceiver t) {
        Pad pad = webrtcbin.getRequestPad("sink_" + t.mlineIndex());
        if (pad == null) {
            throw new WebRtcException("webrtcbin refused pad sink_" + t.mlineIndex());
        }
        withTransceiver(pad, transceiver -> {
            ObjectProperties.set(transceiver, "direction", "sendonly");
            ObjectProperties.set(transceiver, "codec-preferences", t.codecPreferences());
            ObjectProperties.set(transceiver, "do-nack", t.doNack());
            if (t.fecUlpRed()) {
                ObjectProperties.set(transceiver, "fec-type", "ulp-red");
            }
        });
        Pointer rawPad = Natives.getRawPointer(pad);
        if (t.msid() != null && GObjectLib.LIB.g_object_class_find_property(rawPad.getPointer(0), "msid") != null) {
            ObjectProperties.set(rawPad, "msid", t.msid());
        }
        return pad;
    }

    @Override
    public void clearCodecPreferences(Pad webrtcPad) {
        withTransceiver(webrtcPad, transceiver -> ObjectProperties.set(transceiver, "codec-preferences", null));
    }

    @Override
    public void setInactive(Pad webrtcPad) {
        withTransceiver(webrtcPad, transceiver -> ObjectProperties.set(transceiver, "direction", "inactive"));
    }

    @Override
    public void setFecPercentage(Pad webrtcPad, int percentage) {
        withTransceiver(webrtcPad, transceiver -> ObjectProperties.set(transceiver, "fec-percentage", (long) percentage));
    }

    @Override
    public String mid(Pad webrtcPad) {
        String[] mid = new String[1];
        withTransceiver(webrtcPad, transceiver -> mid[0] = (String) ObjectProperties.get(transceiver, "mid"));
        return mid[0];
    }

    @Override
    public String createOffer(Element webrtcbin) {
        return with(webrtcbin, "create-offer", bin -> bin.createOffer(timeout));
    }

    @Override
    public String createAnswer(Element webrtcbin) {
        return with(webrtcbin, "create-answer", bin -> bin.createAnswer(timeout));
    }

    @Override
    public void setLocalDescription(Element webrtcbin, SessionDescription d) {
        with(webrtcbin, "set-local-description", bin -> {
            bin.setLocalDescription(sdpType(d), d.sdp(), timeout);
            return null;
        });
    }

    @Override
    public void setRemoteDescription(Element webrtcbin, SessionDescription d) {
        with(webrtcbin, "set-remote-description", bin -> {
            bin.setRemoteDescription(sdpType(d), d.sdp(), timeout);
            return null;
        });
    }

    private static SdpType sdpType(SessionDescription d) {
        return SdpType.valueOf(d.type().name());
    }

    @Override
    public void addIceCandidate(Element webrtcbin, IceCandidate candidate) {
        with(webrtcbin, "add-ice-candidate", bin -> {
            bin.addIceCandidate(candidate.sdpMLineIndex(), candidate.candidate());
            return null;
        });
    }

    @Override
    public AutoCloseable onIceCandidate(Element webrtcbin, IceCandidateListener listener) {
        SignalConnection c = with(webrtcbin, "on-ice-candidate", bin -> bin.onIceCandidate(listener::onIceCandidate));
        return c::disconnect;
    }

    @Override
    public String connectionState(Element webrtcbin) {
        return nick(CONNECTION_STATES, ObjectProperties.get(Natives.getRawPointer(webrtcbin), "connection-state"));
    }

    @Override
    public String iceConnectionState(Element webrtcbin) {
        return nick(ICE_STATES, ObjectProperties.get(Natives.getRawPointer(webrtcbin), "ice-connection-state"));
    }

    private static String nick(String[] nicks, Object value) {
        int v = ((Number) value).intValue();
        return v >= 0 && v < nicks.length ? nicks[v] : "unknown";
    }

    @Override
    public Stats stats(Element webrtcbin) {
        return with(webrtcbin, "get-stats", bin -> {
            try (StatsReport report = bin.getStats(timeout)) {
                return new Stats(report.toString(), delayFeedback(report));
            }
        });
    }

    /** congestion-control.md §2.2, delay input. */
    static DelayFeedback delayFeedback(StatsReport report) {
        StructureReader twcc = null;
        double rttSum = 0;
        int rttCount = 0;
        for (StructureReader entry : report.entries()) {
            String type = entry.enumNick("type").orElse("");
            if (twcc == null && (type.equals("transport") || type.equals("candidate-pair"))) {
                twcc = entry.structure("gst-twcc-stats").orElse(null);
            } else if (type.equals("remote-inbound-rtp")) {
                OptionalDouble rtt = entry.float64("round-trip-time");
                if (rtt.isPresent()) {
                    rttSum += rtt.getAsDouble();
                    rttCount++;
                }
            }
        }
        if (twcc == null) {
            return null;
        }
        return new DelayFeedback(integer(twcc, "bitrate-sent"), integer(twcc, "bitrate-recv"),
                integer(twcc, "avg-delta-of-delta"), rttCount == 0 ? 0 : rttSum / rttCount);
    }

    /** An integer field whatever its width (uint for bitrates and int64 for avg-delta-of-delta in 1.22); 0 if absent. */
    private static long integer(StructureReader s, String field) {
        OptionalLong v = s.uint32(field);
        if (v.isEmpty()) {
            v = s.int64(field);
        }
        if (v.isEmpty()) {
            v = s.int32(field);
        }
        if (v.isEmpty()) {
            v = s.uint64(field);
        }
        return v.orElse(0);
    }

    @Override
    public AutoCloseable onTwccStats(Element webrtcbin, TwccStatsListener listener) {
        TwccStatsWatch watch = TwccStatsWatch.start(Natives.getRawPointer(webrtcbin), stats -> listener.onTwccStats(
                stats.float64("packet-loss-pct").orElse(Double.NaN), stats.toString()));
        return watch::close;
    }
}
