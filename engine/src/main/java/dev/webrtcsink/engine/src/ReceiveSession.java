package dev.webrtcsink.engine.src;

import com.sun.jna.Pointer;
import dev.webrtcsink.api.IceCandidate;
import dev.webrtcsink.api.SessionDescription;
import dev.webrtcsink.engine.gst.IgnoredPayloadTypes;
import dev.webrtcsink.engine.gst.KeyframeRequests;
import dev.webrtcsink.engine.gst.SdpType;
import dev.webrtcsink.engine.gst.TransceiverDirection;
import dev.webrtcsink.engine.gst.WebRtcBin;
import dev.webrtcsink.engine.natives.GObjectLib;
import dev.webrtcsink.engine.natives.ObjectProperties;
import dev.webrtcsink.engine.natives.SignalConnection;
import dev.webrtcsink.engine.natives.Signals;
import dev.webrtcsink.engine.sink.SdpMedia;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;
import org.freedesktop.gstreamer.Bin;
import org.freedesktop.gstreamer.Element;
import org.freedesktop.gstreamer.ElementFactory;
import org.freedesktop.gstreamer.Pad;
import org.freedesktop.gstreamer.PadDirection;
import org.freedesktop.gstreamer.State;
import org.freedesktop.gstreamer.glib.Natives;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One WebRTC session with a producer (spec §5–§9): a bin holding the session's webrtcbin and its output branches,
 * added to the element while the session lives. The element may hold several (one per producer); a session only
 * touches its own bin and pads, whose names it borrows from the element ({@link Host#reservePadName}). Negotiation runs on the element's control thread (the only caller
 * of every method here except the webrtcbin callbacks); webrtcbin's callbacks hop onto that thread before doing
 * anything that could block, except pad-added, which builds the stream's native branch in place.
 */
final class ReceiveSession {
    private static final Logger LOG = LoggerFactory.getLogger(ReceiveSession.class);
    static final Duration PROMISE_TIMEOUT = Duration.ofSeconds(10);
    /** GstWebRTCICEConnectionState FAILED. */
    private static final int ICE_FAILED = 4;
    private static final int FIRST_DYNAMIC_PAYLOAD = 96;

    /** Settings read from the element's properties when the session starts. */
    record Settings(String stunServer, List<String> turnServers, boolean doRetransmission, CodecPreferences codecs) {}

    /** The element's side: failures (ICE), the control thread, pad names unique across its sessions. */
    interface Host {
        /** Called on the control thread: the session must go. */
        void sessionFailed(ReceiveSession session, String why, boolean tellProducer);

        void runOnControlThread(Runnable task);

        /** A pad name free across the element ({@code video_N} / {@code audio_N}). */
        String reservePadName(boolean video);

        /** Gives back a name from {@link #reservePadName} once its pad is gone. */
        void releasePadName(String name);
    }

    private final String sessionId;
    private final String peerId;
    private final WebRTCSrcElement element;
    private final Host host;
    private final Settings settings;
    private final Bin bin;
    private final Element webrtcbinElement;
    private final WebRtcBin webrtcbin;
    /** Drops RTP of dead m-lines inside webrtcbin (a hostile producer could otherwise crash it, see the class). */
    private final IgnoredPayloadTypes deadPayloadTypes;
    private final List<SignalConnection> connections = new ArrayList<>();
    /** Negotiated m-lines waiting for (or given) their webrtcbin pad, by m-line index. */
    private final Map<Integer, StreamOutput.Slot> slots = new ConcurrentHashMap<>();
    private final Map<Integer, StreamOutput> outputs = new ConcurrentHashMap<>();
    /** Names taken from the host, given back at close (control thread only). */
    private final List<String> padNames = new ArrayList<>();
    private final long createdNanos = System.nanoTime();
    private final int groupId = StreamStartRewriter.newGroupId();
    private volatile boolean offerer;
    /** Our offer, when we offered. */
    private volatile String localOffer;
    private volatile boolean closed;
    private volatile String lastStep = "created";

    ReceiveSession(String sessionId, String peerId, WebRTCSrcElement element, Host host, Settings settings) {
        this.sessionId = sessionId;
        this.peerId = peerId;
        this.element = element;
        this.host = host;
        this.settings = settings;
        this.bin = new Bin("session-" + sessionId);
        this.webrtcbinElement = ElementFactory.make("webrtcbin", "webrtcbin-" + sessionId);
        bin.add(webrtcbinElement);
        this.webrtcbin = WebRtcBin.of(webrtcbinElement);
        this.deadPayloadTypes = IgnoredPayloadTypes.install(webrtcbin);
        configure();
    }

    String sessionId() {
        return sessionId;
    }

    String peerId() {
        return peerId;
    }

    Element webrtcbin() {
        return webrtcbinElement;
    }

    /** Spec §5.1–5.3: webrtcbin settings and callbacks. */
    private void configure() {
        webrtcbin.disableUpnp();
        webrtcbin.set("bundle-policy", "max-bundle");
        String stun = settings.stunServer();
        if (stun != null && !stun.isBlank()) { // webrtcbin's default is none; setting NULL logs a libnice error
            webrtcbin.set("stun-server", stun);
        }
        for (String turn : settings.turnServers()) {
            Signals.emit(webrtcbin.pointer(), "add-turn-server", turn);
        }
        connections.add(webrtcbin.onIceCandidate((mline, candidate) -> host.runOnControlThread(() -> {
            if (!closed) {
                element.signaller().sendIceCandidate(sessionId, IceCandidate.of(candidate, mline));
            }
        })));
        connections.add(Signals.connect(webrtcbin.pointer(), "notify::ice-connection-state", false, args -> {
            Object state = ObjectProperties.get(webrtcbin.pointer(), "ice-connection-state");
            if (state instanceof Integer s && s == ICE_FAILED) {
                host.runOnControlThread(() -> host.sessionFailed(this, "ICE connection failed", true));
            }
            return null;
        }));
        connections.add(Signals.connect(webrtcbin.pointer(), "pad-added", false, args -> {
            onWebrtcbinPad(Natives.objectFor((Pointer) args[1], Pad.class, true, true));
            return null;
        }));
    }

    /** Adds the session bin to the element and brings it to the element's state. */
    void start() {
        element.asBin().add(bin);
        bin.syncStateWithParent();
        lastStep = "started";
    }

    // ------------------------------------------------------------------ answering (producer offers, spec §7)

    /** Handles the producer's offer: transceivers, remote description, answer. Throws with a clear message. */
    void handleOffer(String sdp) throws InterruptedException, TimeoutException {
        lastStep = "parsing the offer";
        LOG.debug("session {}: offer\n{}", sessionId, sdp);
        List<SdpMedia> medias;
        try {
            medias = SdpMedia.parse(sdp);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the producer's offer is not valid SDP: " + e.getMessage(), e);
        }
        lastStep = "preparing transceivers";
        List<String> bundled = bundleGroup(sdp);
        // m-lines that cannot carry media to us: they announce no SSRCs to webrtcbin (see deadMlines)
        Set<Integer> predictedDead = new TreeSet<>();
        for (SdpMedia media : medias) {
            if (isRefused(media, bundled) || !RefusedMedia.sendsToUs(media)) {
                predictedDead.add(media.index());
            }
        }
        for (SdpMedia media : medias) {
            boolean video = "video".equals(media.media());
            if (!video && !"audio".equals(media.media())) {
                continue;
            }
            if (predictedDead.contains(media.index())) {
                StreamOutput gone = outputs.get(media.index());
                if (gone != null) {
                    LOG.info("session {}: m-line {} became inactive, ending {}", sessionId, media.index(), gone);
                    gone.endOfStream();
                }
                continue;
            }
            if (slots.containsKey(media.index())) {
                continue; // renegotiation: the m-line keeps its transceiver, pad and stream id
            }
            String caps = settings.codecs().acceptedCaps(media);
            if (caps.isEmpty()) {
                LOG.warn("session {}: m-line {} offers no codec we accept ({}), ignored", sessionId, media.index(),
                        media.rtpMaps().values());
                continue;
            }
            // webrtcbin 1.22 answers with what its transceivers prefer: make them before the remote description
            addReceiveTransceiver(caps, false);
            slots.put(media.index(), newSlot(media.index(), video, caps));
        }
        lastStep = "setting the remote offer";
        webrtcbin.setRemoteDescription(SdpType.OFFER, RefusedMedia.sanitize(sdp, medias, predictedDead), PROMISE_TIMEOUT);
        lastStep = "creating the answer";
        String answer = webrtcbin.createAnswer(PROMISE_TIMEOUT);
        guardAnsweredOffer(medias, predictedDead, RefusedMedia.withSsrcs(sdp), answer);
        lastStep = "setting the local answer";
        webrtcbin.setLocalDescription(SdpType.ANSWER, answer, PROMISE_TIMEOUT);
        element.signaller().sendSessionDescription(sessionId, SessionDescription.answer(answer));
        lastStep = "answered";
    }

    // ------------------------------------------------------------------ offering (spec §6)

    /** We offer (the signaller asked for it): one receive-only transceiver per kind with every configured codec. */
    void makeOffer() throws InterruptedException, TimeoutException {
        offerer = true;
        lastStep = "preparing the offer";
        int mline = 0;
        CodecPreferences.OfferCaps video = settings.codecs().offerCaps(true, FIRST_DYNAMIC_PAYLOAD);
        if (!video.caps().isEmpty()) {
            addReceiveTransceiver(video.caps(), true);
            slots.put(mline, newSlot(mline, true, video.caps()));
            mline++;
        }
        CodecPreferences.OfferCaps audio = settings.codecs().offerCaps(false, video.nextPayload());
        if (!audio.caps().isEmpty()) {
            addReceiveTransceiver(audio.caps(), true);
            slots.put(mline, newSlot(mline, false, audio.caps()));
        }
        if (slots.isEmpty()) {
            throw new IllegalStateException("no codec to offer (video-codecs and audio-codecs are empty)");
        }
        lastStep = "creating the offer";
        String offer = webrtcbin.createOffer(PROMISE_TIMEOUT);
        lastStep = "setting the local offer";
        webrtcbin.setLocalDescription(SdpType.OFFER, offer, PROMISE_TIMEOUT);
        localOffer = offer;
        element.signaller().sendSessionDescription(sessionId, SessionDescription.offer(offer));
        lastStep = "offered";
    }

    /** The producer's answer to our offer; m-lines it refused get no pad. */
    void handleAnswer(String sdp) throws InterruptedException, TimeoutException {
        if (!offerer) {
            throw new IllegalStateException("got an answer but made no offer");
        }
        lastStep = "setting the remote answer";
        List<String> bundled = bundleGroup(sdp);
        List<SdpMedia> medias = SdpMedia.parse(sdp);
        Set<Integer> dead = new TreeSet<>();
        for (SdpMedia media : medias) {
            // webrtcbin 1.22 sets up no answered m-line with port 0, bundled or not: such an m-line is refused too
            if (isRefused(media, bundled) || media.port() == 0 || !RefusedMedia.sendsToUs(media)) {
                dead.add(media.index());
            }
        }
        for (SdpMedia media : medias) {
            StreamOutput.Slot slot = slots.get(media.index());
            if (slot == null) {
                continue;
            }
            if (dead.contains(media.index())) {
                slots.remove(media.index());
                LOG.info("session {}: the producer refused m-line {}", sessionId, media.index());
                continue;
            }
            // the slot named our first offered codec; the producer may have picked another (its first format), and
            // an RTP-only downstream (e.g. rtpvp9depay) must be asked about the codec that will actually arrive
            String answered = settings.codecs().acceptedCaps(media);
            if (!answered.isEmpty()) {
                slots.put(media.index(), new StreamOutput.Slot(slot.mline(), slot.padName(), slot.video(),
                        slot.streamId(), slot.groupId(), answered.split(";")[0].strip()));
            }
        }
        deadPayloadTypes.set(RefusedMedia.payloadTypesToDrop(dead, medias, List.of(SdpMedia.parse(localOffer))));
        webrtcbin.setRemoteDescription(SdpType.ANSWER, RefusedMedia.sanitize(sdp, medias, dead), PROMISE_TIMEOUT);
        lastStep = "negotiated";
    }

    /**
     * Inactive, or port 0 outside the BUNDLE group. A bundled m-line after the first has port 0 and
     * {@code a=bundle-only} (webrtcbin and browsers offer that with max-bundle): it is not refused.
     */
    private static boolean isRefused(SdpMedia media, List<String> bundled) {
        if ("inactive".equals(media.direction())) {
            return true;
        }
        return media.port() == 0 && (media.mid() == null || !bundled.contains(media.mid()));
    }

    /**
     * After webrtcbin made our answer: the m-lines it refused (port 0) are dead too, and the payload types of every
     * dead m-line are dropped inside webrtcbin. An m-line we expected to take but webrtcbin refused keeps the SSRCs
     * the offer announced for it (already applied): media on them would crash webrtcbin 1.22, so such a session
     * ends here with a clear error.
     */
    private void guardAnsweredOffer(List<SdpMedia> offered, Set<Integer> predictedDead, Set<Integer> withSsrcs,
            String answer) {
        List<SdpMedia> answered = SdpMedia.parse(answer);
        Set<Integer> dead = new TreeSet<>(predictedDead);
        for (SdpMedia media : answered) {
            if (media.port() == 0 && dead.add(media.index())) {
                if (slots.remove(media.index()) != null) {
                    LOG.info("session {}: webrtcbin refused m-line {} of the offer", sessionId, media.index());
                }
                if (withSsrcs.contains(media.index())) {
                    throw new IllegalStateException("webrtcbin refused m-line " + media.index() + " of the offer, "
                            + "which announces SSRCs: media sent for it would crash webrtcbin 1.22");
                }
            }
        }
        deadPayloadTypes.set(RefusedMedia.payloadTypesToDrop(dead, answered, List.of(offered)));
    }

    /** The mids of the session-level {@code a=group:BUNDLE} line, or none. */
    private static List<String> bundleGroup(String sdp) {
        for (String line : sdp.split("\r?\n")) {
            if (line.startsWith("a=group:BUNDLE")) {
                return List.of(line.substring("a=group:BUNDLE".length()).trim().split("\\s+"));
            }
            if (line.startsWith("m=")) {
                break;
            }
        }
        return List.of();
    }

    /**
     * @param fec spec §6/§7 ask for {@code fec-type=ulp-red} (webrtcbin then negotiates red/ulpfec and decodes FEC).
     *     Only when we offer: answering a Chromium offer with it, webrtcbin 1.22 passes the RED packets (pt 118) on
     *     still wrapped, as a stream of their own, and the receive path stops with not-linked.
     */
    private void addReceiveTransceiver(String caps, boolean fec) {
        Pointer transceiver = webrtcbin.addTransceiver(TransceiverDirection.RECVONLY, caps);
        try {
            ObjectProperties.set(transceiver, "do-nack", settings.doRetransmission());
            if (fec) {
                ObjectProperties.set(transceiver, "fec-type", "ulp-red");
            }
        } finally {
            GObjectLib.LIB.g_object_unref(transceiver);
        }
    }

    private StreamOutput.Slot newSlot(int mline, boolean video, String rtpCaps) {
        // spec §3.2 (per session, upstream) extended to several sessions: the lowest index free in the element
        String name = host.reservePadName(video);
        padNames.add(name);
        return new StreamOutput.Slot(mline, name, video, StreamStartRewriter.streamId(sessionId, mline), groupId,
                rtpCaps.split(";")[0].strip());
    }

    void addRemoteCandidate(IceCandidate candidate) {
        if (!candidate.isEndOfCandidates()) {
            webrtcbin.addIceCandidate(candidate.sdpMLineIndex(), candidate.candidate());
        }
    }

    // ------------------------------------------------------------------ streams (spec §8)

    /** webrtcbin's streaming thread: a stream started. */
    private void onWebrtcbinPad(Pad pad) {
        if (pad.getDirection() != PadDirection.SRC || closed) {
            return;
        }
        int mline = mlineOf(pad);
        StreamOutput.Slot slot = slots.get(mline);
        if (slot == null || outputs.containsKey(mline)) {
            LOG.debug("session {}: webrtcbin pad {} (m-line {}) is not for us, discarded", sessionId, pad.getName(), mline);
            discard(pad);
            return;
        }
        StreamOutput output = new StreamOutput(slot, element, bin);
        outputs.put(mline, output);
        try {
            output.build(pad, settings.codecs(), element.producerIdForFilters(peerId));
            LOG.debug("session {}: exposed {}", sessionId, output.dump());
            if (slot.video()) {
                // The producer's first key frame left before our DTLS keys existed and was dropped, and WebRTC
                // encoders run with GOPs of minutes: ask for a fresh one (PLI/FIR) now that packets decrypt.
                // From the control thread: not while webrtcbin's streaming thread is inside pad-added.
                host.runOnControlThread(() -> {
                    if (!closed) {
                        KeyframeRequests.request(pad);
                    }
                });
            }
        } catch (RuntimeException e) {
            element.postError("Failed to expose stream " + slot.padName() + ": " + e.getMessage(), e.toString());
        }
    }

    private static int mlineOf(Pad pad) {
        Pointer transceiver = ObjectProperties.getObject(Natives.getRawPointer(pad), "transceiver");
        if (transceiver == null) {
            return -1;
        }
        try {
            return ((Number) ObjectProperties.get(transceiver, "mlineindex")).intValue();
        } finally {
            GObjectLib.LIB.g_object_unref(transceiver);
        }
    }

    /** A stream we did not ask for still needs a sink, or webrtcbin's not-linked flow would stop the others. */
    private void discard(Pad pad) {
        Element sink = ElementFactory.make("fakesink", null);
        sink.set("async", false);
        sink.set("sync", false); // a clock wait here would hold webrtcbin's receive thread for every stream
        bin.add(sink);
        sink.syncStateWithParent();
        pad.link(sink.getStaticPad("sink"));
    }

    // ------------------------------------------------------------------ end (spec §9)

    /**
     * Removes the session from the element: optionally EOS on every exposed stream first (the producer left),
     * then the element pads go, the session bin is stopped and removed. Idempotent.
     */
    void close(boolean endOfStream) {
        if (closed) {
            return;
        }
        closed = true;
        lastStep = "closing";
        if (endOfStream) {
            outputs.values().forEach(StreamOutput::endOfStream);
        }
        connections.forEach(SignalConnection::disconnect);
        deadPayloadTypes.close();
        outputs.values().forEach(StreamOutput::removeExposedPad);
        bin.setLockedState(true); // the element's own state changes must no longer touch it
        bin.setState(State.NULL);
        element.asBin().remove(bin);
        webrtcbin.close();
        // drop our wrappers' references now rather than at GC: webrtcbin keeps its ICE sockets until finalized
        webrtcbinElement.dispose();
        bin.dispose();
        padNames.forEach(host::releasePadName); // the pads are gone: later sessions may reuse the names
        padNames.clear();
        lastStep = "closed";
    }

    boolean isClosed() {
        return closed;
    }

    String dump() {
        StringBuilder sb = new StringBuilder("session ").append(sessionId).append(" with ").append(peerId)
                .append(offerer ? " (we offered)" : " (producer offered)")
                .append(", ").append(lastStep)
                .append(", age ").append((System.nanoTime() - createdNanos) / 1_000_000).append(" ms");
        if (!closed) {
            sb.append(", ice=").append(ObjectProperties.get(webrtcbin.pointer(), "ice-connection-state"));
        }
        for (StreamOutput.Slot slot : slots.values()) {
            StreamOutput out = outputs.get(slot.mline());
            sb.append("\n  ").append(out == null ? slot.padName() + " mline=" + slot.mline() + " (waiting for media)"
                    : out.dump());
        }
        return sb.toString();
    }
}
