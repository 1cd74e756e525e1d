package dev.webrtcsink.engine.sink;

import dev.webrtcsink.api.Meta;
import dev.webrtcsink.engine.codec.CodecTable;
import java.util.List;
import java.util.Objects;

/**
 * The configuration of a webrtcsink (spec §3.1) that the controller reads when it prepares and
 * when it creates consumer sessions. Values are validated on set. The element layer maps its
 * GObject properties onto this object; properties the spec marks "mutable READY" are only read
 * at {@link WebRTCSinkController#prepare()} or session creation, so changing them later only
 * affects sessions created afterwards.
 */
public final class SinkSettings {

    /** Upstream's default STUN server; tests set {@code null} (no STUN, loopback only). */
    public static final String DEFAULT_STUN_SERVER = "stun://stun.l.google.com:19302";

    private String videoCaps = CodecTable.DEFAULT_VIDEO_CAPS;
    private String audioCaps = CodecTable.DEFAULT_AUDIO_CAPS;
    private String stunServer = DEFAULT_STUN_SERVER;
    private List<String> turnServers = List.of();
    /** Upstream defaults to gcc, which is not implemented here; disabled keeps the fixed max-bitrate behaviour. */
    private CongestionControl congestionControl = CongestionControl.DISABLED;
    private long minBitrate = 1000;
    private long maxBitrate = 8_192_000;
    private long startBitrate = 2_048_000;
    private boolean doFec = true;
    private boolean doRetransmission = true;
    private String iceTransportPolicy = "all";
    private Meta meta;

    public synchronized String videoCaps() {
        return videoCaps;
    }

    /** Video codecs in preference order, as caps text; null means none. */
    public synchronized SinkSettings videoCaps(String caps) {
        this.videoCaps = caps == null ? "" : caps;
        return this;
    }

    public synchronized String audioCaps() {
        return audioCaps;
    }

    public synchronized SinkSettings audioCaps(String caps) {
        this.audioCaps = caps == null ? "" : caps;
        return this;
    }

    public synchronized String stunServer() {
        return stunServer;
    }

    /** STUN server URI ({@code stun://host:port}) or null for none. */
    public synchronized SinkSettings stunServer(String uri) {
        if (uri != null && !uri.startsWith("stun://")) {
            throw new IllegalArgumentException("stun-server must look like stun://host:port, got '" + uri + "'");
        }
        this.stunServer = uri;
        return this;
    }

    public synchronized List<String> turnServers() {
        return turnServers;
    }

    /** TURN servers as {@code turn(s)://user:pass@host:port}. */
    public synchronized SinkSettings turnServers(List<String> uris) {
        for (String uri : uris) {
            if (!uri.startsWith("turn://") && !uri.startsWith("turns://")) {
                throw new IllegalArgumentException("turn server must look like turn(s)://user:pass@host:port, got '" + uri + "'");
            }
        }
        this.turnServers = List.copyOf(uris);
        return this;
    }

    public synchronized CongestionControl congestionControl() {
        return congestionControl;
    }

    /**
     * @throws UnsupportedOperationException for {@code gcc}: its controller (and the rtpgccbwe element it needs) is
     *         not implemented, and silently streaming without congestion control would hide that
     */
    public synchronized SinkSettings congestionControl(CongestionControl cc) {
        Objects.requireNonNull(cc, "congestion-control");
        if (cc == CongestionControl.GCC) {
            throw new UnsupportedOperationException("congestion-control 'gcc' is not implemented yet; "
                    + "use 'homegrown' or 'disabled'");
        }
        this.congestionControl = cc;
        return this;
    }

    public synchronized long minBitrate() {
        return minBitrate;
    }

    public synchronized SinkSettings minBitrate(long bps) {
        this.minBitrate = checkBitrate("min-bitrate", bps);
        return this;
    }

    public synchronized long maxBitrate() {
        return maxBitrate;
    }

    /** Upper bound per encoder; with congestion control disabled, the fixed bitrate. */
    public synchronized SinkSettings maxBitrate(long bps) {
        this.maxBitrate = checkBitrate("max-bitrate", bps);
        return this;
    }

    public synchronized long startBitrate() {
        return startBitrate;
    }

    public synchronized SinkSettings startBitrate(long bps) {
        this.startBitrate = checkBitrate("start-bitrate", bps);
        return this;
    }

    public synchronized boolean doFec() {
        return doFec;
    }

    public synchronized SinkSettings doFec(boolean on) {
        this.doFec = on;
        return this;
    }

    public synchronized boolean doRetransmission() {
        return doRetransmission;
    }

    public synchronized SinkSettings doRetransmission(boolean on) {
        this.doRetransmission = on;
        return this;
    }

    public synchronized String iceTransportPolicy() {
        return iceTransportPolicy;
    }

    /** {@code all} or {@code relay}. */
    public synchronized SinkSettings iceTransportPolicy(String policy) {
        if (!"all".equals(policy) && !"relay".equals(policy)) {
            throw new IllegalArgumentException("ice-transport-policy must be 'all' or 'relay', got '" + policy + "'");
        }
        this.iceTransportPolicy = policy;
        return this;
    }

    public synchronized Meta meta() {
        return meta;
    }

    /** Metadata given to the signaller when it asks ({@code request-meta}); may be null. */
    public synchronized SinkSettings meta(Meta meta) {
        this.meta = meta;
        return this;
    }

    private static long checkBitrate(String name, long bps) {
        if (bps < 1 || bps > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException(name + " must be in 1..4294967295 bit/s, got " + bps);
        }
        return bps;
    }

    @Override
    public synchronized String toString() {
        return "video-caps=" + videoCaps + ", audio-caps=" + audioCaps + ", stun-server=" + stunServer
                + ", turn-servers=" + turnServers + ", congestion-control=" + congestionControl.nick()
                + ", min/start/max-bitrate=" + minBitrate + "/" + startBitrate + "/" + maxBitrate
                + ", do-fec=" + doFec + ", do-retransmission=" + doRetransmission
                + ", ice-transport-policy=" + iceTransportPolicy + ", meta=" + meta;
    }
}
