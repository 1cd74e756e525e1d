package dev.webrtcsink.engine.sink;

import dev.webrtcsink.api.IceCandidate;
import dev.webrtcsink.api.SessionDescription;
import dev.webrtcsink.engine.cc.CongestionController;
import dev.webrtcsink.engine.codec.AvailableCodec;
import dev.webrtcsink.engine.codec.CodecTable;
import dev.webrtcsink.engine.codec.MediaKind;
import dev.webrtcsink.engine.codec.SessionCodecs;
import dev.webrtcsink.engine.gst.IgnoredPayloadTypes;
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
        boolean tapOpen;
        /** The consumer refused this m-line (port 0 / inactive in its answer). */
        boolean refused;
        /** Its input went away (pad released): inactive from the next offer on (spec §12.3). */
        boolean removed;
        /** Negotiated TWCC header extension id the payloader writes, 0 for none (spec §10.2). */
        int twccId;

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
    /** The session's congestion controller and the encoders it drives (spec §7.4 step 5). */
    private final SessionCongestion congestion;
    /** rtpsession twcc-stats notifications, with homegrown congestion control. */
    private AutoCloseable twccSubscription;
    private volatile SessionState state = SessionState.PREPARING;
    private volatile String lastStats = "application/x-webrtc-stats;";
    private boolean closed;
    /** The consumer offered (we answered): we do not renegotiate such sessions from our side. */
    private boolean answerer;
    /** A renegotiation offer of ours awaits its answer (spec §12). */
    private boolean renegotiating;
    /** m-lines of the last local description: new streams go after them (spec §12.2). */
    private int mlinesInLastSdp;
    /** Streams added or removed while a negotiation was in progress, handled once it completes. */
    private final List<SinkInput> pendingAdded = new ArrayList<>();
    private final List<String> pendingRemoved = new ArrayList<>();

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
        if (settings.stunServer() != null && !settings.stunServer().isBlank()) { // "" means none
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
        congestion = new SessionCongestion(sessionId, CongestionController.create(settings.congestionControl().nick(),
                settings.minBitrate(), settings.maxBitrate()), host.driver());
        if (congestion.needsTwcc()) {
            // the loss input (congestion-control.md §2.2): read on GStreamer's RTCP thread, handled on ours
            twccSubscription = host.driver().onTwccStats(webrtcbin,
                    (loss, text) -> host.postFeedback(() -> onTwccStats(loss, text)));
        }
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
            link.webrtcPad = requestPad(link, offerPreferences(link));
            links.add(link);
        }
        goLive();
        state = SessionState.AWAITING_ANSWER;
        sendOffer();
    }

    private void sendOffer() {
        String offer = host.driver().createOffer(webrtcbin);
        SessionDescription description = SessionDescription.offer(offer);
        host.driver().setLocalDescription(webrtcbin, description);
        mlinesInLastSdp = SdpMedia.parse(offer).size();
        host.sendDescription(sessionId, description);
    }

    /**
     * Codec preferences of a stream we offer: every offered codec with our SSRC, and the TWCC header extension when
     * congestion control reads it (spec §10.2; id 1, the smallest free one: we offer no other extension).
     */
    private String offerPreferences(StreamLink link) {
        return link.offered.stream().map(e -> e.rtpCaps() + ", ssrc=(uint)" + link.ssrc
                        + (congestion.twccFor(link.input, e) ? twccField(1) : ""))
                .collect(Collectors.joining("; "));
    }

    /** The caps field webrtcbin turns into {@code a=extmap:<id> <TWCC URI>}. */
    private static String twccField(int id) {
        return ", extmap-" + id + "=(string)\"" + SdpMedia.TWCC_URI + "\"";
    }

    /** The codecs an input can be sent as: all encodable ones for raw input, its own codec otherwise. */
    private List<SessionCodecs.Entry> codecsFor(SinkInput input) {
        if (input.isRaw()) {
            return host.codecs().encodable(input.kind());
        }
        return host.codecs().forEncodedInput(input.capsName()).map(List::of).orElse(List.of());
    }

    /**
     * Applies the consumer's answer to our first offer or to a renegotiation: picks the payload type of each stream
     * not negotiated yet and starts its media; streams made inactive lose their chain.
     */
    void handleAnswer(SessionDescription answer) {
        boolean initial = state == SessionState.AWAITING_ANSWER;
        if (!initial && !renegotiating) {
            throw new IllegalStateException("unexpected answer in state " + state);
        }
        List<SdpMedia> media = SdpMedia.parse(answer.sdp());
        List<StreamLink> fresh = links.stream().filter(l -> !l.removed && !l.refused && l.chain == null).toList();
        for (StreamLink link : fresh) {
            if (link.mlineIndex >= media.size()) {
                throw new IllegalStateException("answer has no m-line " + link.mlineIndex + " for " + link.input.name());
            }
            SdpMedia m = media.get(link.mlineIndex);
            if (m.isRejected()) {
                LOG.info("session {}: consumer refused {} (m-line {})", sessionId, link.input.name(), link.mlineIndex);
                link.refused = true;
                continue;
            }
            int pt = m.firstFormat().orElseThrow(() ->
                    new IllegalStateException("answer m-line " + link.mlineIndex + " has no payload type"));
            link.chosen = link.offered.stream().filter(e -> e.payloadType() == pt).findFirst().orElseThrow(() ->
                    new IllegalStateException("consumer chose payload type " + pt + " for " + link.input.name()
                            + ", which was not offered"));
            // the consumer may drop the extension from its answer: then it sends no TWCC feedback either
            link.twccId = congestion.twccFor(link.input, link.chosen) ? m.extensionId(SdpMedia.TWCC_URI).orElse(0) : 0;
        }
        host.driver().setRemoteDescription(webrtcbin, answer);
        for (StreamLink link : fresh) {
            if (link.chosen != null) {
                buildChain(link);
                // the pipeline already plays: bring the new elements up, sink side first
                link.chain.syncStates();
                link.tap.source().syncStateWithParent();
            }
        }
        openTaps();
        if (initial) {
            state = SessionState.CONNECTING;
        } else {
            renegotiating = false;
            for (StreamLink link : links) {
                if (link.removed && link.chain != null) {
                    dropChain(link);
                }
            }
            LOG.info("session {}: renegotiated: {}", sessionId, describeStreams());
        }
        applyPendingChanges();
    }

    // ------------------------------------------------------------------ renegotiation (spec §12.2, §12.3)

    /** A new input got its caps while this session runs: offer it as a new m-line. */
    void addStream(SinkInput input) {
        if (closed || links.stream().anyMatch(l -> l.input == input)) {
            return;
        }
        if (answerer) {
            LOG.warn("session {}: {} is not sent: the consumer made the offer, and we do not renegotiate such sessions",
                    sessionId, input.name());
            return;
        }
        if (state == SessionState.AWAITING_ANSWER || renegotiating) {
            pendingAdded.add(input);
            return;
        }
        if (prepareNewLink(input)) {
            renegotiate();
        }
    }

    /** An input is going away: stop feeding it now, and offer its m-line as inactive. */
    void removeStream(String inputName) {
        if (closed) {
            return;
        }
        pendingAdded.removeIf(i -> i.name().equals(inputName));
        Optional<StreamLink> found = links.stream()
                .filter(l -> !l.removed && l.input.name().equals(inputName)).findFirst();
        if (found.isEmpty()) {
            return;
        }
        StreamLink link = found.get();
        if (link.tap != null) {
            // before the input's tee goes: the producer side must not hold it; no flush, the session goes on
            link.tap.closeKeepingConsumerFlowing();
        }
        if (answerer) {
            return; // the consumer offered: the stream just stops
        }
        if (state == SessionState.AWAITING_ANSWER || renegotiating) {
            pendingRemoved.add(inputName);
            return;
        }
        markRemoved(link);
        renegotiate();
    }

    private boolean prepareNewLink(SinkInput input) {
        List<SessionCodecs.Entry> offered = codecsFor(input);
        if (offered.isEmpty()) {
            LOG.warn("session {}: no codec available for new stream {} (caps {})", sessionId, input.name(), input.caps());
            return false;
        }
        int mline = Math.max(links.stream().mapToInt(l -> l.mlineIndex).max().orElse(-1) + 1, mlinesInLastSdp);
        Set<Long> ssrcs = links.stream().map(l -> l.ssrc).collect(Collectors.toCollection(HashSet::new));
        StreamLink link = new StreamLink(input, mline, newSsrc(ssrcs), offered);
        link.webrtcPad = requestPad(link, offerPreferences(link));
        links.add(link);
        return true;
    }

    private void markRemoved(StreamLink link) {
        link.removed = true;
        host.driver().setInactive(link.webrtcPad);
    }

    private void renegotiate() {
        renegotiating = true;
        LOG.info("session {}: renegotiating: {}", sessionId, describeStreams());
        sendOffer();
    }

    /** Changes that arrived during a negotiation: one more offer for all of them. */
    private void applyPendingChanges() {
        boolean changed = false;
        for (String name : List.copyOf(pendingRemoved)) {
            Optional<StreamLink> link = links.stream().filter(l -> !l.removed && l.input.name().equals(name)).findFirst();
            if (link.isPresent()) {
                markRemoved(link.get());
                changed = true;
            }
        }
        pendingRemoved.clear();
        for (SinkInput input : List.copyOf(pendingAdded)) {
            changed |= prepareNewLink(input);
        }
        pendingAdded.clear();
        if (changed) {
            renegotiate();
        }
    }

    private void dropChain(StreamLink link) {
        congestion.videoDisconnected(link.chain);
        link.chain.remove(pipeline);
        link.chain = null;
        if (link.tap != null) {
            link.tap.closeKeepingConsumerFlowing();
            link.tap.source().setState(State.NULL);
            pipeline.remove(link.tap.source());
            link.tap = null;
        }
    }

    private String describeStreams() {
        return links.stream().map(l -> l.input.name() + "@" + l.mlineIndex
                + (l.removed ? " (inactive)" : l.refused ? " (refused)" : l.chain == null ? " (new)" : ""))
                .collect(Collectors.joining(", "));
    }

    // ------------------------------------------------------------------ answerer (spec §7.1 with offer, §7.2)

    /** Maps each offered audio/video m-line to an unused input and codec, then answers. */
    void startAsAnswerer(SessionDescription offer) {
        answerer = true;
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
            // TWCC only with the id the consumer offered, and not at all if it did not (spec §7.2 step 3)
            link.twccId = congestion.twccFor(input.get(), entry.get()) ? m.extensionId(SdpMedia.TWCC_URI).orElse(0) : 0;
            String twcc = link.twccId > 0 ? twccField(link.twccId) : "";
            link.webrtcPad = requestPad(link, offeredRtpCaps(m, entry.get()) + ", ssrc=(uint)" + link.ssrc + twcc);
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
        state = SessionState.CONNECTING;
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
        if (!answerer) {
            host.driver().clearCodecPreferences(link.webrtcPad);
        }
        link.tap = new InputTap(link.input, pipeline, sessionId);
        link.chain = PayloadChain.build(pipeline, link.tap.source(), new PayloadChain.Spec(peerId, link.input,
                link.chosen, link.ssrc, settings.startBitrate(), host.listener(), link.twccId));
        try {
            link.chain.srcPad().link(link.webrtcPad);
        } catch (PadLinkException e) {
            throw new IllegalStateException("Failed to link " + link.input.name() + " to webrtcbin: " + e.getLinkResult(), e);
        }
        if (link.input.kind() == MediaKind.VIDEO) {
            congestion.videoConnected(link.chain, link.webrtcPad); // spec §7.4 step 5
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

    /** Opens the taps not open yet: from now on those streams receive the live input. */
    private void openTaps() {
        for (StreamLink link : links) {
            if (link.tap != null && !link.tapOpen && !link.removed) {
                link.tap.open();
                link.tapOpen = true;
            }
        }
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
        WebRtcBinDriver.Stats stats = driver.stats(webrtcbin);
        lastStats = stats.text();
        if (stats.twcc() != null) {
            congestion.onDelayFeedback(stats.twcc(), System.nanoTime()); // the delay input, every poll (100 ms)
        }
        return null;
    }

    /** The loss input (monitor thread): TWCC statistics also replace the session's stats, as upstream (spec §11). */
    private synchronized void onTwccStats(double packetLossPercent, String structureText) {
        if (closed || (state != SessionState.CONNECTING && state != SessionState.STREAMING)) {
            return;
        }
        lastStats = structureText;
        congestion.onLossFeedback(packetLossPercent);
    }

    /** This session's stats (spec §11). */
    SessionStats stats() {
        List<SessionStats.VideoEncoderStats> encoders = new ArrayList<>();
        for (StreamLink link : links) {
            if (link.chain != null && link.input.kind() == MediaKind.VIDEO) {
                encoders.add(new SessionStats.VideoEncoderStats(link.input.name(), link.chain.codec().row().capsName(),
                        link.chain.bitrate(), congestion.fecPercentage(link.chain)));
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
        for (AutoCloseable subscription : new AutoCloseable[] {iceSubscription, twccSubscription}) {
            try {
                if (subscription != null) {
                    subscription.close();
                }
            } catch (Exception e) {
                LOG.debug("session {}: disconnecting a webrtcbin handler failed", sessionId, e);
            }
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
                .append(" age=").append((System.nanoTime() - createdAtNanos) / 1_000_000).append("ms")
                .append("\n    congestion control: ").append(congestion.dump());
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
