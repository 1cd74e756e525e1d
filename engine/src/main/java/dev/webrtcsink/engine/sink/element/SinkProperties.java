package dev.webrtcsink.engine.sink.element;

import dev.webrtcsink.engine.codec.CodecTable;
import dev.webrtcsink.engine.element.EnumDef;
import dev.webrtcsink.engine.element.PropertyDef;
import dev.webrtcsink.engine.element.ValueType;
import dev.webrtcsink.engine.sink.CongestionControl;
import dev.webrtcsink.engine.sink.SinkSettings;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.function.Function;

/**
 * The GObject properties of webrtcsink (spec §3) and how they map onto {@link SinkSettings}. Properties of spec §3.1
 * that the sink logic does not implement are left out rather than accepted and ignored (see the engine README).
 */
final class SinkProperties {
    // §3.1, every variant
    static final String VIDEO_CAPS = "video-caps";
    static final String AUDIO_CAPS = "audio-caps";
    static final String STUN_SERVER = "stun-server";
    static final String TURN_SERVERS = "turn-servers";
    static final String CONGESTION_CONTROL = "congestion-control";
    static final String MIN_BITRATE = "min-bitrate";
    static final String MAX_BITRATE = "max-bitrate";
    static final String START_BITRATE = "start-bitrate";
    static final String STATS = "stats";
    static final String DO_FEC = "do-fec";
    static final String DO_RETRANSMISSION = "do-retransmission";
    static final String META = "meta";
    static final String ICE_TRANSPORT_POLICY = "ice-transport-policy";
    static final String SIGNALLER = "signaller";
    static final String RUN_WEB_SERVER = "run-web-server";
    static final String WEB_SERVER_CERT = "web-server-cert";
    static final String WEB_SERVER_KEY = "web-server-key";
    static final String WEB_SERVER_PATH = "web-server-path";
    static final String WEB_SERVER_DIRECTORY = "web-server-directory";
    static final String WEB_SERVER_HOST_ADDR = "web-server-host-addr";
    // §3.2, webrtcsink only
    static final String RUN_SIGNALLING_SERVER = "run-signalling-server";
    static final String SIGNALLING_SERVER_HOST = "signalling-server-host";
    static final String SIGNALLING_SERVER_PORT = "signalling-server-port";
    static final String SIGNALLING_SERVER_CERT = "signalling-server-cert";
    static final String SIGNALLING_SERVER_KEY = "signalling-server-key";
    static final String SIGNALLING_SERVER_HEADERS = "signalling-server-headers";

    static final String DEFAULT_WEB_SERVER_HOST_ADDR = "http://127.0.0.1:8080/";

    static final EnumDef CONGESTION_CONTROL_ENUM = EnumDef.builder("GstJavaWebRTCSinkCongestionControl")
            .member(0, "Disabled: no congestion control", "disabled")
            .member(1, "Homegrown congestion control: TWCC statistics drive the encoder bitrates", "homegrown")
            .member(2, "Google congestion control (not implemented yet)", "gcc")
            .build();

    /** Our own type: registering GStreamer's GstWebRTCICETransportPolicy name here would break libgstwebrtc. */
    static final EnumDef ICE_TRANSPORT_POLICY_ENUM = EnumDef.builder("GstJavaWebRTCSinkICETransportPolicy")
            .member(0, "All: any candidate", "all")
            .member(1, "Relay: TURN relay candidates only", "relay")
            .build();

    private SinkProperties() {}

    /** Properties of every webrtcsink variant (spec §3.1 as far as implemented). */
    static List<PropertyDef> base() {
        long uintMax = 0xFFFF_FFFFL;
        return List.of(
                PropertyDef.caps(VIDEO_CAPS).defaultValue(CodecTable.DEFAULT_VIDEO_CAPS).mutableInReady()
                        .blurb("Video codecs that may be proposed or accepted, in preference order").build(),
                PropertyDef.caps(AUDIO_CAPS).defaultValue(CodecTable.DEFAULT_AUDIO_CAPS).mutableInReady()
                        .blurb("Audio codecs that may be proposed or accepted, in preference order").build(),
                PropertyDef.string(STUN_SERVER).defaultValue(SinkSettings.DEFAULT_STUN_SERVER)
                        .blurb("STUN server (stun://host:port) for new sessions; empty or NULL disables STUN").build(),
                PropertyDef.stringArray(TURN_SERVERS).mutableInReady()
                        .blurb("TURN servers, turn(s)://user:pass@host:port each").build(),
                PropertyDef.enumeration(CONGESTION_CONTROL, CONGESTION_CONTROL_ENUM).defaultValue("disabled")
                        .mutableInReady()
                        .blurb("Congestion control; 'gcc' is not implemented and fails READY->PAUSED")
                        .build(),
                PropertyDef.uintRange(MIN_BITRATE, 1, uintMax).defaultValue(1000L).mutableInReady()
                        .blurb("Per-encoder lower bound for congestion control (bit/s)").build(),
                PropertyDef.uintRange(MAX_BITRATE, 1, uintMax).defaultValue(8_192_000L).mutableInReady()
                        .blurb("Per-encoder upper bound (bit/s); the fixed bitrate while congestion control is disabled")
                        .build(),
                PropertyDef.uintRange(START_BITRATE, 1, uintMax).defaultValue(2_048_000L).mutableInReady()
                        .blurb("Initial encoder bitrate (bit/s)").build(),
                PropertyDef.structure(STATS).readOnly()
                        .blurb("Per-session statistics (application/x-webrtcsink-stats)").build(),
                PropertyDef.bool(DO_FEC).defaultValue(true).mutableInReady()
                        .blurb("Negotiate ULP-RED forward error correction on video").build(),
                PropertyDef.bool(DO_RETRANSMISSION).defaultValue(true).mutableInReady()
                        .blurb("Offer to honour NACK/RTX on video").build(),
                PropertyDef.structure(META)
                        .blurb("Free-form metadata announced by the signaller (structure name dropped)").build(),
                PropertyDef.enumeration(ICE_TRANSPORT_POLICY, ICE_TRANSPORT_POLICY_ENUM).defaultValue("all")
                        .mutableInReady().blurb("ICE transport policy of each session's webrtcbin").build(),
                PropertyDef.object(SIGNALLER, ValueType.OBJECT).mutableInReady()
                        .blurb("The signaller (also the ChildProxy child 'signaller')").build(),
                PropertyDef.bool(RUN_WEB_SERVER).mutableInReady()
                        .blurb("Serve web-server-directory over HTTP(S) while PAUSED or PLAYING").build(),
                PropertyDef.string(WEB_SERVER_CERT).blurb("PEM certificate for HTTPS").build(),
                PropertyDef.string(WEB_SERVER_KEY).blurb("PEM private key for HTTPS").build(),
                PropertyDef.string(WEB_SERVER_PATH).blurb("URL path prefix under which the directory is served").build(),
                PropertyDef.string(WEB_SERVER_DIRECTORY).defaultValue("gstwebrtc-api/dist")
                        .blurb("Directory served by the web server").build(),
                PropertyDef.string(WEB_SERVER_HOST_ADDR).defaultValue(DEFAULT_WEB_SERVER_HOST_ADDR)
                        .blurb("Web server listen address as a URL (only host and port are used)").build());
    }

    /** The embedded signalling server properties of {@code webrtcsink} (spec §3.2). */
    static List<PropertyDef> signallingServer() {
        return List.of(
                PropertyDef.bool(RUN_SIGNALLING_SERVER).mutableInReady()
                        .blurb("Start an embedded signalling server at READY->PAUSED and point the signaller at it")
                        .build(),
                PropertyDef.string(SIGNALLING_SERVER_HOST).defaultValue("0.0.0.0")
                        .blurb("Address the embedded signalling server binds").build(),
                PropertyDef.uintRange(SIGNALLING_SERVER_PORT, 1, 65535).defaultValue(8443L)
                        .blurb("Port the embedded signalling server binds").build(),
                PropertyDef.string(SIGNALLING_SERVER_CERT)
                        .blurb("PEM certificate: with the key the server speaks wss").build(),
                PropertyDef.string(SIGNALLING_SERVER_KEY).blurb("PEM private key of the certificate").build(),
                PropertyDef.structure(SIGNALLING_SERVER_HEADERS)
                        .blurb("Extra HTTP headers added to the WebSocket handshake response").build());
    }

    /**
     * Writes every mapped property into {@code settings}.
     *
     * @param values a property's current Java value
     * @throws IllegalArgumentException or UnsupportedOperationException naming the property at fault
     */
    static void applyTo(SinkSettings settings, Function<String, Object> values) {
        settings.videoCaps((String) values.apply(VIDEO_CAPS));
        settings.audioCaps((String) values.apply(AUDIO_CAPS));
        String stun = (String) values.apply(STUN_SERVER);
        settings.stunServer(stun == null || stun.isBlank() ? null : stun.trim());
        @SuppressWarnings("unchecked")
        List<String> turnServers = (List<String>) values.apply(TURN_SERVERS);
        settings.turnServers(turnServers == null ? List.of() : turnServers);
        settings.congestionControl(CongestionControl.fromNick((String) values.apply(CONGESTION_CONTROL)));
        settings.minBitrate((Long) values.apply(MIN_BITRATE));
        settings.maxBitrate((Long) values.apply(MAX_BITRATE));
        settings.startBitrate((Long) values.apply(START_BITRATE));
        settings.doFec((Boolean) values.apply(DO_FEC));
        settings.doRetransmission((Boolean) values.apply(DO_RETRANSMISSION));
        settings.iceTransportPolicy((String) values.apply(ICE_TRANSPORT_POLICY));
        String meta = (String) values.apply(META);
        settings.meta(meta == null ? null : MetaStructures.toMeta(meta));
    }

    /**
     * Normalises a {@code web-server-host-addr} value the way upstream reads it back ({@code http://127.0.0.1:8080/}).
     *
     * @throws IllegalArgumentException when it is not a URL with a host and port
     */
    static String normaliseHostAddr(String text) {
        try {
            URI uri = new URI(text);
            if (uri.getScheme() == null || uri.getHost() == null || uri.getPort() < 0) {
                throw new IllegalArgumentException("web-server-host-addr needs scheme://host:port, got '" + text + "'");
            }
            return uri.getScheme() + "://" + uri.getHost() + ":" + uri.getPort()
                    + (uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("web-server-host-addr is not a URL: " + e.getMessage(), e);
        }
    }
}
