package dev.webrtcsink.engine.sink;

import dev.webrtcsink.engine.codec.Codec;
import dev.webrtcsink.engine.codec.CodecTable;
import dev.webrtcsink.engine.codec.EncoderSpec;
import dev.webrtcsink.engine.codec.MediaKind;
import dev.webrtcsink.engine.codec.SessionCodecs;
import dev.webrtcsink.engine.gst.RtpHeaderExtensions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.freedesktop.gstreamer.Bin;
import org.freedesktop.gstreamer.Caps;
import org.freedesktop.gstreamer.Element;
import org.freedesktop.gstreamer.ElementFactory;
import org.freedesktop.gstreamer.Pad;

/**
 * The elements between a consumer's input source and its webrtcbin pad (spec §8.1):
 *
 * <pre>
 * raw video:  src ! [videorate] ! videoconvert ! videoscale ! capsfilter(raw) ! encoder ! [parser] ! capsfilter(codec) ! payloader ! capsfilter(rtp)
 * raw audio:  src ! audioresample ! audioconvert ! capsfilter(raw) ! encoder ! capsfilter(codec) ! payloader ! capsfilter(rtp)
 * encoded:    src ! [parser] ! capsfilter(codec) ! payloader ! capsfilter(rtp)
 * </pre>
 *
 * Each consumer gets its own encoder so its bitrate can follow that consumer's network.
 */
public final class PayloadChain {

    private static final Pattern FRAMERATE = Pattern.compile("framerate=\\(fraction\\)(\\d+)/(\\d+)");

    private final String streamName;
    private final SessionCodecs.Entry codec;
    private final Element encoder;
    private final EncoderSpec encoderSpec;
    private final Element rawCapsFilter;
    private final Element payloader;
    private final Element tail;
    private final List<Element> elements;
    private volatile long bitrate;

    private PayloadChain(String streamName, SessionCodecs.Entry codec, Element encoder, EncoderSpec encoderSpec,
                         Element rawCapsFilter, Element payloader, Element tail, List<Element> elements,
                         long bitrate) {
        this.streamName = streamName;
        this.codec = codec;
        this.encoder = encoder;
        this.encoderSpec = encoderSpec;
        this.rawCapsFilter = rawCapsFilter;
        this.payloader = payloader;
        this.tail = tail;
        this.elements = List.copyOf(elements);
        this.bitrate = bitrate;
    }

    /**
     * What a chain is built from.
     *
     * @param twccExtensionId id of the TWCC header extension the payloader writes (negotiated for congestion
     *                        control, spec §10.2), 0 for none
     */
    public record Spec(String consumerId, SinkInput input, SessionCodecs.Entry codec, long ssrc,
                       long startBitrate, SetupHooks hooks, int twccExtensionId) {
        public Spec(String consumerId, SinkInput input, SessionCodecs.Entry codec, long ssrc, long startBitrate,
                    SetupHooks hooks) {
            this(consumerId, input, codec, ssrc, startBitrate, hooks, 0);
        }
    }

    /**
     * Creates the chain's elements in {@code bin}, linked from {@code source} to the returned
     * chain's {@link #srcPad()}. Elements are left in the bin's state-less NULL state: the
     * caller syncs states once everything is linked.
     *
     * @throws IllegalStateException when an element is missing or a link fails
     */
    public static PayloadChain build(Bin bin, Element source, Spec spec) {
        SinkInput input = spec.input();
        Codec row = spec.codec().row();
        String name = input.name();
        List<Element> chain = new ArrayList<>();
        chain.add(source);
        Element encoder = null;
        EncoderSpec encoderSpec = null;
        Element rawFilter = null;
        boolean applicationConfigured = false;
        boolean encode = input.isRaw();
        if (encode) {
            encoderSpec = spec.codec().codec().encoder()
                    .orElseThrow(() -> new IllegalStateException("no encoder for " + row + " on this machine"));
            if (input.kind() == MediaKind.VIDEO) {
                if (framerateNumerator(input.caps()) != 0) {
                    Element rate = make("videorate", "videorate-" + name);
                    rate.set("drop-only", true);
                    rate.set("skip-to-first", true);
                    chain.add(rate);
                }
                chain.add(make("videoconvert", "videoconvert-" + name));
                chain.add(make("videoscale", "videoscale-" + name));
                rawFilter = capsFilter("raw-capsfilter-" + name, "video/x-raw, pixel-aspect-ratio=(fraction)1/1");
            } else {
                chain.add(make("audioresample", "audioresample-" + name));
                chain.add(make("audioconvert", "audioconvert-" + name));
                rawFilter = capsFilter("raw-capsfilter-" + name, "audio/x-raw");
            }
            // the mitigation logic (spec §9.4) changes these caps while running; "delayed" keeps
            // buffers already in flight valid until the new caps are negotiated
            rawFilter.setAsString("caps-change-mode", "delayed");
            chain.add(rawFilter);
            encoder = make(encoderSpec.factoryName(), "encoder-" + name);
            applicationConfigured = spec.hooks().encoderSetup(spec.consumerId(), name, encoder);
            if (!applicationConfigured) {
                ElementDefaults.configureEncoder(encoder, spec.startBitrate());
            }
            chain.add(encoder);
        }
        if (row.parser() != null) {
            chain.add(make(row.parser(), "parser-" + name));
        }
        String encodedCaps = encodedCaps(row, encode);
        chain.add(capsFilter("codec-parser-caps-" + name, encodedCaps));
        Element encodedFilter = spec.hooks().requestEncodedFilter(spec.consumerId(), name, encodedCaps);
        if (encodedFilter != null) {
            chain.add(encodedFilter);
        }
        Element payloader = make(row.payloader(), "payloader-" + name);
        if (!spec.hooks().payloaderSetup(spec.consumerId(), name, payloader)) {
            ElementDefaults.configurePayloader(payloader);
        }
        // set after the hook, like upstream: the negotiated values always win
        payloader.set("pt", spec.codec().payloadType());
        payloader.set("ssrc", spec.ssrc());
        if (spec.twccExtensionId() > 0) {
            RtpHeaderExtensions.add(payloader, RtpHeaderExtensions.TWCC_URI, spec.twccExtensionId());
        }
        chain.add(payloader);
        Element tail = capsFilter("payload-chain-output-caps-" + name, "application/x-rtp, media=(string)"
                + row.kind().sdpName() + ", encoding-name=(string)" + row.encodingName()
                + ", payload=(int)" + spec.codec().payloadType());
        chain.add(tail);

        for (Element e : chain.subList(1, chain.size())) {
            bin.add(e);
        }
        for (int i = 0; i + 1 < chain.size(); i++) {
            if (!chain.get(i).link(chain.get(i + 1))) {
                throw new IllegalStateException("cannot link " + chain.get(i).getName() + " to "
                        + chain.get(i + 1).getName() + " for " + row + " from " + input.caps());
            }
        }
        long bitrate = 0;
        if (encoderSpec != null && encoderSpec.supportsBitrateControl()) {
            // an application's encoder-setup handler may have chosen its own bitrate: congestion control starts there
            bitrate = applicationConfigured ? readBitrate(encoder, encoderSpec, spec.startBitrate()) : spec.startBitrate();
        }
        return new PayloadChain(name, spec.codec(), encoder, encoderSpec, rawFilter, payloader, tail,
                chain.subList(1, chain.size()), bitrate);
    }

    /** The encoder's bitrate property in bit/s, or {@code fallback} when it cannot be read. */
    private static long readBitrate(Element encoder, EncoderSpec spec, long fallback) {
        try {
            Object value = encoder.get(spec.bitrateProperty());
            return value instanceof Number n ? spec.bitrateUnit().toBitsPerSecond(n.longValue()) : fallback;
        } catch (RuntimeException e) {
            return fallback; // e.g. v4l2h264enc variants without a bitrate property
        }
    }

    /** Caps between encoder/parser and payloader: pins the H264 profile when we encode. */
    static String encodedCaps(Codec row, boolean encoding) {
        if (encoding && row.encodedStreamCaps() != null) {
            return row.encodedStreamCaps();
        }
        if (row == CodecTable.H264) {
            return "video/x-h264, stream-format=(string)avc, alignment=(string)au";
        }
        if (row == CodecTable.H265 && row.encodedStreamCaps() != null) {
            return row.encodedStreamCaps();
        }
        return row.capsName();
    }

    static int framerateNumerator(String caps) {
        if (caps == null) {
            return 0;
        }
        Matcher m = FRAMERATE.matcher(caps);
        return m.find() ? Integer.parseInt(m.group(1)) : 0;
    }

    private static Element make(String factory, String name) {
        Element e = ElementFactory.make(factory, name);
        if (e == null) {
            throw new IllegalStateException("element " + factory + " is not installed");
        }
        return e;
    }

    private static Element capsFilter(String name, String caps) {
        Element filter = make("capsfilter", name);
        filter.setCaps(Caps.fromString(caps));
        return filter;
    }

    /**
     * Takes the chain out of {@code bin} (its stream left the session): unlinked from what it fed, stopped from the
     * source end so nothing pushes into a stopped element, removed.
     */
    public void remove(Bin bin) {
        Pad out = srcPad();
        Pad peer = out.getPeer();
        if (peer != null) {
            out.unlink(peer);
        }
        for (Element e : elements) {
            e.setState(org.freedesktop.gstreamer.State.NULL);
        }
        bin.removeMany(elements.toArray(new Element[0]));
    }

    /** Brings the chain's elements to their bin's state, downstream first so nothing pushes into a stopped element. */
    public void syncStates() {
        for (int i = elements.size() - 1; i >= 0; i--) {
            elements.get(i).syncStateWithParent();
        }
    }

    public String streamName() {
        return streamName;
    }

    public SessionCodecs.Entry codec() {
        return codec;
    }

    /** The encoder, absent for already-encoded input. */
    public Optional<Element> encoder() {
        return Optional.ofNullable(encoder);
    }

    public Element payloader() {
        return payloader;
    }

    /** The chain's output, to link to a webrtcbin sink pad. */
    public Pad srcPad() {
        return tail.getStaticPad("src");
    }

    /** The raw caps filter the mitigation logic adjusts (absent for encoded input). */
    public Optional<Element> rawCapsFilter() {
        return Optional.ofNullable(rawCapsFilter);
    }

    /** Whether congestion control can change this chain's encoder bitrate (an encoder listed in spec §9.2). */
    public boolean supportsBitrateControl() {
        return encoder != null && encoderSpec != null && encoderSpec.supportsBitrateControl();
    }

    /** Current encoder bitrate in bit/s, 0 if the encoder has no bitrate control. */
    public long bitrate() {
        return bitrate;
    }

    /**
     * Sets the encoder bitrate (bit/s), converting to the encoder's unit (spec §9.2).
     *
     * @return false when the encoder has no runtime bitrate control
     */
    public boolean setBitrate(long bitsPerSecond) {
        if (encoder == null || encoderSpec == null || !encoderSpec.supportsBitrateControl()) {
            return false;
        }
        long value = encoderSpec.bitrateUnit().toPropertyValue(bitsPerSecond);
        encoder.setAsString(encoderSpec.bitrateProperty(), Long.toString(value));
        bitrate = bitsPerSecond;
        return true;
    }
}
