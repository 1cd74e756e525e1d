package dev.webrtcsink.engine.src;

import dev.webrtcsink.engine.element.PropertyDef;
import dev.webrtcsink.engine.element.SignalDef;
import dev.webrtcsink.engine.element.ValueType;
import java.util.ArrayList;
import java.util.List;

/**
 * The GObject properties and signals of webrtcsrc (spec §2, §11). {@code turn-servers}, {@code video-codecs} and
 * {@code audio-codecs} are GstValueArrays of strings as upstream's ({@code video-codecs="<VP8, H264>"} in a pipeline,
 * a {@code List<String>} from Java).
 */
final class SrcProperties {
    static final String STUN_SERVER = "stun-server";
    static final String TURN_SERVERS = "turn-servers";
    static final String SIGNALLER = "signaller";
    static final String META = "meta";
    static final String VIDEO_CODECS = "video-codecs";
    static final String AUDIO_CODECS = "audio-codecs";
    static final String ENABLE_DATA_CHANNEL_NAVIGATION = "enable-data-channel-navigation";
    static final String ENABLE_CONTROL_DATA_CHANNEL = "enable-control-data-channel";
    static final String DO_RETRANSMISSION = "do-retransmission";
    /** webrtcsrc (default signaller) only. */
    static final String CONNECT_TO_FIRST_PRODUCER = "connect-to-first-producer";

    static final String REQUEST_ENCODED_FILTER = "request-encoded-filter";
    static final String DEFAULT_STUN_SERVER = "stun://stun.l.google.com:19302";

    private SrcProperties() {}

    static List<PropertyDef> base() {
        return List.of(
                PropertyDef.string(STUN_SERVER).defaultValue(DEFAULT_STUN_SERVER).mutableInReady()
                        .blurb("STUN server (stun://host:port) of each session's webrtcbin; empty disables STUN").build(),
                PropertyDef.stringArray(TURN_SERVERS).mutableInReady()
                        .blurb("TURN servers, turn(s)://user:pass@host:port each").build(),
                PropertyDef.object(SIGNALLER, ValueType.OBJECT).mutableInReady()
                        .blurb("The signaller (also the ChildProxy child 'signaller'); upstream makes it "
                                + "construct-only, here it can be replaced in NULL or READY").build(),
                PropertyDef.structure(META).mutableInReady()
                        .blurb("Free-form metadata the signaller announces (structure name dropped)").build(),
                PropertyDef.stringArray(VIDEO_CODECS).defaultValue(CodecPreferences.DEFAULT_VIDEO).mutableInReady()
                        .blurb("Video codecs accepted or offered, in order (known: "
                                + String.join(", ", CodecPreferences.KNOWN_VIDEO) + "; others are ignored)").build(),
                PropertyDef.stringArray(AUDIO_CODECS).defaultValue(CodecPreferences.DEFAULT_AUDIO).mutableInReady()
                        .blurb("Audio codecs accepted or offered, in order (known: "
                                + String.join(", ", CodecPreferences.KNOWN_AUDIO) + "; others are ignored)").build(),
                PropertyDef.bool(ENABLE_DATA_CHANNEL_NAVIGATION).mutableInReady()
                        .blurb("Deprecated: send navigation events on the producer's 'input' data channel "
                                + "(accepted, not implemented yet)").build(),
                PropertyDef.bool(ENABLE_CONTROL_DATA_CHANNEL).mutableInReady()
                        .blurb("Send navigation and custom upstream events on the producer's 'control' data channel "
                                + "(accepted, not implemented yet)").build(),
                PropertyDef.bool(DO_RETRANSMISSION).defaultValue(true).mutableInReady()
                        .blurb("Request retransmissions (NACK) of lost packets").build());
    }

    /** Extra properties of the default-signaller variant ({@code webrtcsrc}). */
    static List<PropertyDef> defaultVariant() {
        return List.of(PropertyDef.bool(CONNECT_TO_FIRST_PRODUCER).mutableInReady()
                .blurb("Without a producer id: start a session with the first producer the server lists "
                        + "(the signaller's setting of the same name)").build());
    }

    static List<SignalDef> signals() {
        List<SignalDef> out = new ArrayList<>();
        out.add(SignalDef.named(REQUEST_ENCODED_FILTER)
                .params(ValueType.STRING, ValueType.STRING, ValueType.CAPS)
                .returns(ValueType.ELEMENT)
                .accumulator(SignalDef.Accumulator.FIRST_WINS)
                .build());
        return out;
    }
}
