package dev.webrtcsink.engine.sink;

import dev.webrtcsink.api.IceCandidate;
import dev.webrtcsink.api.SessionDescription;
import dev.webrtcsink.engine.gst.IgnoredPayloadTypes;
import dev.webrtcsink.engine.codec.AvailableCodec;
import dev.webrtcsink.engine.codec.CodecTable;
import dev.webrtcsink.engine.codec.MediaKind;
import dev.webrtcsink.engine.codec.SessionCodecs;
import dev.webrtcsink.engine.gst.KeyframeRequests;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;
import org.freedesktop.gstreamer.Bus;
import org.freedesktop.gstreamer.Clock;
import org.freedesktop.gstreamer.Element;
import org.freedesktop.gstreamer.ElementFactory;
import org.freedesktop.gstreamer.Pad;
import org.freedesktop.gstreamer.PadLinkException;
import org.freedesktop.gstreamer.Pipeline;
import org.freedesktop.gstreamer.State;
import org.freedesktop.gstreamer.glib.Natives;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One consumer: its own pipeline ({@code proxysrc ! chain ! webrtcbin} per input stream),
 * negotiation state and statistics (spec §7).
 *
 * <p>Threading: every method except {@link #poll()} runs on the controller's control thread.
 * {@link #poll()} runs on the monitor thread and is fenced from {@link #close()} by this
 * object's monitor. GStreamer callbacks (bus, ICE candidates) only post to the host.
 */
final class ConsumerSession {

    private static final Logger LOG = LoggerFactory.getLogger(ConsumerSession.class);

    /** One input stream as sent in this session: a webrtcbin sink pad and what feeds it. */
    private static final class StreamLink {
        final SinkInput input;
        final int mlineIndex;
        final long ssrc;
        final List<SessionCodecs.Entry> offered;
        Pad webrtcPad;
        SessionCodecs.Entry chosen;
        InputTap tap;
        PayloadChain chain;

        StreamLink(SinkInput input, int mlineIndex, long ssrc, List<SessionCodecs.Entry> offered) {
            this.input = input;
            this.mlineIndex = mlineIndex;
            this.ssrc = ssrc;
            this.offered = offered;
        }
    }

    private final SessionHost host;
    private final String sessionId;
    private final String peerId;
    private final Pipeline pipeline;
    private final Element webrtcbin;
    private final List<StreamLink> links = new ArrayList<>();
    private final long createdAtNanos = System.nanoTime();
    private AutoCloseable iceSubscription;
    private volatile SessionState state = SessionState.PREPARING;
    private volatile String lastStats = "application/x-webrtc-stats;";
    private boolean closed;

    /** Creates the pipeline and webrtcbin; emits {@code consumer-pipeline-created}. */
    ConsumerSession(SessionHost host, String sessionId, String peerId) {
        this.host = host;
        this.sessionId = sessionId;
        this.peerId = peerId;
        this.pipeline = new Pipeline("session-pipeline-" + sessionId);
        host.listener().consumerPipelineCreated(peerId, pipeline);
        Clock clock = host.clock();
        if (clock != null) {
            // same clock and base time as the producer, so the input's timestamps stay valid here
            pipeline.useClock(clock);
            pipeline.setBaseTime(host.baseTime());
            pipeline.setStartTime(-1); // GST_CLOCK_TIME_NONE: never redistribute a base time
        }
        webrtcbin = ElementFactory.make("webrtcbin", "webrtcbin-" + sessionId);
        SinkSettings settings = host.settings();
        webrtcbin.setAsString("bundle-policy", "max-bundle");
        webrtcbin.setAsString("ice-transport-policy", settings.iceTransportPolicy());
        if (settings.stunServer() != null) {
            webrtcbin.set("stun-server", settings.stunServer());
        }
        pipeline.add(webrtcbin);
        host.driver().prepare(webrtcbin);
        // webrtcsink only sends: RTP a consumer sends anyway (on an m-line webrtcbin answered recvonly by itself, or
        // announced under a refused one) must never reach webrtcbin's stream handling, where media for an m-line
        // without a usable transceiver aborts webrtcbin 1.22; every RTP demuxer drops every payload type
        IgnoredPayloadTypes.dropAll(Natives.getRawPointer(webrtcbin));
        for (String turn : settings.turnServers()) {
            host.driver().addTurnServer(webrtcbin, turn);
        }
        Bus bus = pipeline.getBus();
        // webrtcbin has no receive path in a send-only session: the consumer's first RTP packet stops the ICE
        // source with not-linked, which ends this session only (webrtcbin 1.22 does not crash here)
        bus.connect((Bus.ERROR) (source, code, message) -> host.postFailure(sessionId, "Error: " + message + ", from "
                + source.getName() + (source.getName().startsWith("nicesrc")
                        ? " (the consumer sent media, which this send-only session does not receive)" : "")));
        bus.connect((Bus.EOS) source -> host.postFailure(sessionId, "Unexpected End of Stream"));
        iceSubscription = host.driver().onIceCandidate(webrtcbin, (mline, candidate) ->
                host.postLocalCandidate(sessionId, IceCandidate.of(candidate, mline)));
    }

    String sessionId() {
        return sessionId;
    }

    String peerId() {
        return peerId;
    }

    SessionState state() {
        return state;
    }

    Element webrtcbin() {
        return webrtcbin;
    }

    Pipeline pipeline() {
        return pipeline;
    }

    // ------------------------------------------------------------------ offerer (spec §7.1, no offer)

    /** Requests one SENDONLY transceiver per input offering every usable codec, then sends the offer. */
    void startAsOfferer() {
        Set<Long> ssrcs = new HashSet<>();
        int mline = 0;
        for (SinkInput input : host.inputs()) {
            List<SessionCodecs.Entry> offered = codecsFor(input);
            if (offered.isEmpty()) {
                throw new IllegalStateException("No codec available for encoding stream " + input.name()
                        + " (caps " + input.caps() + ", codecs " + host.codecs() + ")");
            }
            StreamLink link = new StreamLink(input, mline++, newSsrc(ssrcs), offered);
            String prefs = offered.stream().map(e -> e.rtpCaps() + ", ssrc=(uint)" + link.ssrc)
                    .collect(Collectors.joining("; "));
            link.webrtcPad = requestPad(link, prefs);
            links.add(link);
        }
        goLive();
        String offer = host.driver().createOffer(webrtcbin);
        SessionDescription description = SessionDescription.offer(offer);
        host.driver().setLocalDescription(webrtcbin, description);
        state = SessionState.AWAITING_ANSWER;
        host.sendDescription(sessionId, description);
    }

    /** The codecs an input can be sent as: all encodable ones for raw input, its own codec otherwise. */
    private List<SessionCodecs.Entry> codecsFor(SinkInput input) {
        if (input.isRaw()) {
            return host.codecs().encodable(input.kind());
        }
        return host.codecs().forEncodedInput(input.capsName()).map(List::of).orElse(List.of());
    }

    /** Applies the consumer's answer: picks each stream's payload type, then starts media. */
    void handleAnswer(SessionDescription answer) {
        if (state != SessionState.AWAITING_ANSWER) {
            throw new IllegalStateException("unexpected answer in state " + state);
        }
        List<SdpMedia> media = SdpMedia.parse(answer.sdp());
        for (StreamLink link : links) {
            if (link.mlineIndex >= media.size()) {
                throw new IllegalStateException("answer has no m-line " + link.mlineIndex + " for " + link.input.name());
            }
            SdpMedia m = media.get(link.mlineIndex);
            if (m.isRejected()) {
                LOG.info("session {}: consumer refused {} (m-line {})", sessionId, link.input.name(), link.mlineIndex);
                continue;
            }
            int pt = m.firstFormat().orElseThrow(() ->
                    new IllegalStateException("answer m-line " + link.mlineIndex + " has no payload type"));
            link.chosen = link.offered.stream().filter(e -> e.payloadType() == pt).findFirst().orElseThrow(() ->
                    new IllegalStateException("consumer chose payload type " + pt + " for " + link.input.name()
                            + ", which was not offered"));
        }
        host.driver().setRemoteDescription(webrtcbin, answer);
        for (StreamLink link : links) {
            if (link.chosen != null) {
                buildChain(link);
                // the pipeline already plays: bring the new elements up, sink side first
                link.chain.syncStates();
                link.tap.source().syncStateWithParent();
            }
        }
        openTaps();
    }

    // ------------------------------------------------------------------ answerer (spec §7.1 with offer, §7.2)

    /** Maps each offered audio/video m-line to an unused input and codec, then answers. */
    void startAsAnswerer(SessionDescription offer) {
        List<SdpMedia> media = SdpMedia.parse(offer.sdp());
        Set<SinkInput> used = new HashSet<>();
        Set<Long> ssrcs = new HashSet<>();
        for (SdpMedia m : media) {
            MediaKind kind = MediaKind.ofSdpMedia(m.media());
            if (kind == null || m.isRejected()) {
                continue;
            }
            Optional<SinkInput> input = host.inputs().stream()
                    .filter(i -> i.kind() == kind && !used.contains(i)).findFirst();
            if (input.isEmpty()) {
                LOG.info("session {}: no input left for offered {} m-line {}", sessionId, m.media(), m.index());
                continue;
            }
            Optional<SessionCodecs.Entry> entry = selectCodec(m, input.get());
            if (entry.isEmpty()) {
                LOG.warn("session {}: no codec of {} usable for {} m-line {} (offered {})", sessionId,
                        input.get().name(), m.media(), m.index(), m.rtpMaps().values());
                continue;
            }
            used.add(input.get());
            StreamLink link = new StreamLink(input.get(), m.index(), newSsrc(ssrcs), List.of(entry.get()));
            link.chosen = entry.get();
            link.webrtcPad = requestPad(link, offeredRtpCaps(m, entry.get()) + ", ssrc=(uint)" + link.ssrc);
            buildChain(link);
            links.add(link);
        }
        if (links.isEmpty()) {
            throw new IllegalStateException("the offer contains no media we can send (offered "
                    + media.stream().map(SdpMedia::media).collect(Collectors.toList()) + ")");
        }
        goLive();
        host.driver().setRemoteDescription(webrtcbin, offer);
        String answer = host.driver().createAnswer(webrtcbin);
        SessionDescription description = SessionDescription.answer(answer);
        host.driver().setLocalDescription(webrtcbin, description);
        host.sendDescription(sessionId, description);
        openTaps();
    }

    /** First codec in the user's preference order that the offer contains (spec §7.2), with the offered PT. */
    private Optional<SessionCodecs.Entry> selectCodec(SdpMedia m, SinkInput input) {
        for (SessionCodecs.Entry candidate : codecsFor(input)) {
            String name = candidate.row().encodingName();
            for (int pt : m.formats()) {
                SdpMedia.RtpMap map = m.rtpMaps().get(pt);
                if (map == null || !map.encodingName().equalsIgnoreCase(name)) {
                    continue;
                }
                String fmtp = m.fmtps().getOrDefault(pt, "");
                if (candidate.row() == CodecTable.H264 && fmtp.contains("packetization-mode=0")) {
                    continue; // rtph264pay in zero-latency mode sends FU-A/STAP-A: mode 1 only
                }
                AvailableCodec codec = candidate.codec();
                return Optional.of(new SessionCodecs.Entry(pt, codec));
            }
        }
        return Optional.empty();
    }

    /** The offered RTP caps of one payload type, as codec preferences for our transceiver. */
    static String offeredRtpCaps(SdpMedia m, SessionCodecs.Entry entry) {
        SdpMedia.RtpMap map = m.rtpMaps().get(entry.payloadType());
        StringBuilder sb = new StringBuilder("application/x-rtp, media=(string)").append(m.media())
                .append(", encoding-name=(string)").append(map.encodingName().toUpperCase(java.util.Locale.ROOT))
                .append(", clock-rate=(int)").append(map.clockRate())
                .append(", payload=(int)").append(entry.payloadType());
        if (map.encodingParams() != null) {
            sb.append(", encoding-params=(string)").append(map.encodingParams());
        }
        String fmtp = m.fmtps().get(entry.payloadType());
        if (fmtp != null) {
            boolean asymmetry = fmtp.contains("level-asymmetry-allowed=1");
            for (String param : fmtp.split(";")) {
                String[] kv = param.strip().split("=", 2);
                if (kv.length != 2 || !kv[0].matches("[A-Za-z0-9-]+")) {
                    continue;
                }
                if (asymmetry && kv[0].equals("profile-level-id")) {
                    continue; // spec §7.2: with asymmetry allowed the profile level is ours to choose
                }
                sb.append(", ").append(kv[0]).append("=(string)\"").append(kv[1].replace("\"", "")).append('"');
            }
        }
        return sb.toString();
    }

    // ------------------------------------------------------------------ shared steps

    private Pad requestPad(StreamLink link, String codecPreferences) {
        boolean video = link.input.kind() == MediaKind.VIDEO;
        SinkSettings settings = host.settings();
        return host.driver().requestSendPad(webrtcbin, new WebRtcBinDriver.SendTransceiver(link.mlineIndex,
                codecPreferences, video && settings.doRetransmission(), video && settings.doFec(), link.input.msid()));
    }

    private void buildChain(StreamLink link) {
        SinkSettings settings = host.settings();
        if (state == SessionState.AWAITING_ANSWER) {
            host.driver().clearCodecPreferences(link.webrtcPad);
        }
        link.tap = new InputTap(link.input, pipeline, sessionId);
        link.chain = PayloadChain.build(pipeline, link.tap.source(), new PayloadChain.Spec(peerId, link.input,
                link.chosen, link.ssrc, settings.startBitrate(), host.listener()));
        try {
            link.chain.srcPad().link(link.webrtcPad);
        } catch (PadLinkException e) {
            throw new IllegalStateException("Failed to link " + link.input.name() + " to webrtcbin: " + e.getLinkResult(), e);
        }
        if (link.input.kind() == MediaKind.VIDEO) {
            // congestion control disabled (spec §7.4 step 5): fixed max-bitrate, FEC at 50 %
            link.chain.setBitrate(settings.maxBitrate());
            if (settings.doFec()) {
                host.driver().setFecPercentage(link.webrtcPad, 50);
            }
        }
    }

    /** READY (announce the consumer, data channels may be added), then PLAYING. */
    private void goLive() {
        if (pipeline.setState(State.READY) == org.freedesktop.gstreamer.StateChangeReturn.FAILURE) {
            throw new IllegalStateException("session pipeline refused READY");
        }
        host.listener().consumerAdded(peerId, webrtcbin);
        if (pipeline.setState(State.PLAYING) == org.freedesktop.gstreamer.StateChangeReturn.FAILURE) {
            throw new IllegalStateException("session pipeline refused PLAYING");
        }
    }

    private void openTaps() {
        for (StreamLink link : links) {
            if (link.tap != null) {
                link.tap.open();
            }
        }
        state = SessionState.CONNECTING;
    }

    private static long newSsrc(Set<Long> taken) {
        long ssrc;
        do {
            ssrc = ThreadLocalRandom.current().nextLong(1, 0xFFFF_FFFFL);
        } while (!taken.add(ssrc));
        return ssrc;
    }

    void addRemoteCandidate(IceCandidate candidate) {
        if (candidate.isEndOfCandidates()) {
            return;
        }
        host.driver().addIceCandidate(webrtcbin, candidate);
    }

    // ------------------------------------------------------------------ monitoring (monitor thread)

    /**
     * Refreshes stats and connection state.
     *
     * @return a failure reason when the connection failed, else null
     */
    synchronized String poll() {
        if (closed || (state != SessionState.CONNECTING && state != SessionState.STREAMING)) {
            return null;
        }
        WebRtcBinDriver driver = host.driver();
        String connection = driver.connectionState(webrtcbin);
        if ("failed".equals(connection)) {
            return "Connection state failed";
        }
        if ("failed".equals(driver.iceConnectionState(webrtcbin))) {
            return "ICE connection state failed";
        }
        if ("connected".equals(connection) && state == SessionState.CONNECTING) {
            state = SessionState.STREAMING;
            // media sent before DTLS was up is lost, and encoders are configured with very long
            // GOPs: start every consumer on a fresh key frame (spec §7.1 step 7)
            for (StreamLink link : links) {
                if (link.chain != null && link.chain.encoder().isPresent()) {
                    KeyframeRequests.request(link.chain.srcPad());
                }
            }
        }
        lastStats = driver.stats(webrtcbin);
        return null;
    }

    /** This session's stats (spec §11). */
    SessionStats stats() {
        List<SessionStats.VideoEncoderStats> encoders = new ArrayList<>();
        for (StreamLink link : links) {
            if (link.chain != null && link.input.kind() == MediaKind.VIDEO) {
                encoders.add(new SessionStats.VideoEncoderStats(link.input.name(), link.chain.codec().row().capsName(),
                        link.chain.bitrate(), host.settings().doFec() ? 50 : 0));
            }
        }
        return new SessionStats(sessionId, peerId, state, lastStats, encoders);
    }

    // ------------------------------------------------------------------ teardown

    /** Stops media, brings the pipeline to NULL and releases it; idempotent. */
    void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        // producer side first: after this nothing crosses into the pipeline we are stopping
        for (StreamLink link : links) {
            if (link.tap != null) {
                link.tap.close();
            }
        }
        try {
            if (iceSubscription != null) {
                iceSubscription.close();
            }
        } catch (Exception e) {
            LOG.debug("session {}: disconnecting on-ice-candidate failed", sessionId, e);
        }
        pipeline.setState(State.NULL);
        state = SessionState.ENDED;
    }

    /** Releases the native pipeline; call after listeners saw the webrtcbin for the last time. */
    void dispose() {
        pipeline.dispose();
    }

    String dump() {
        StringBuilder sb = new StringBuilder();
        sb.append("session ").append(sessionId).append(" peer=").append(peerId).append(" state=").append(state)
                .append(" age=").append((System.nanoTime() - createdAtNanos) / 1_000_000).append("ms");
        for (StreamLink link : links) {
            sb.append("\n    ").append(link.input.name()).append(" m-line ").append(link.mlineIndex)
                    .append(" ssrc ").append(link.ssrc)
                    .append(" offered ").append(link.offered.stream().map(e -> e.payloadType() + "=" + e.row())
                            .collect(Collectors.toList()))
                    .append(" chosen ").append(link.chosen == null ? "-" : link.chosen.payloadType() + "=" + link.chosen.row())
                    .append(link.chain == null ? "" : " bitrate " + link.chain.bitrate());
        }
        return sb.toString();
    }
}
