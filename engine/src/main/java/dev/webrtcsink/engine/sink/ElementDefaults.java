package dev.webrtcsink.engine.sink;

import dev.webrtcsink.engine.codec.EncoderCatalog;
import dev.webrtcsink.engine.codec.EncoderSpec;
import java.util.List;
import java.util.Map;
import org.freedesktop.gstreamer.Element;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The default configurations applied when no hook handles {@code encoder-setup}/{@code payloader-setup}. */
final class ElementDefaults {

    private static final Logger LOG = LoggerFactory.getLogger(ElementDefaults.class);
    static final int MTU = 1200;

    private ElementDefaults() {}

    /** Spec §9.1: real-time settings for known encoders, perfect timestamps for audio encoders. */
    static void configureEncoder(Element encoder, long startBitrate) {
        String factory = encoder.getFactory().getName();
        List<String> props = encoder.listPropertyNames();
        if (props.contains("perfect-timestamp")) { // every GstAudioEncoder has it
            encoder.set("perfect-timestamp", true);
        }
        EncoderSpec spec = EncoderCatalog.forFactory(factory);
        for (Map.Entry<String, String> setting : spec.settingsFor(startBitrate).entrySet()) {
            setIfPresent(encoder, props, setting.getKey(), setting.getValue());
        }
    }

    /** Spec §10.1: MTU, 15-bit picture ids for VPx, zero-latency aggregation and in-band parameter sets for H26x. */
    static void configurePayloader(Element payloader) {
        String factory = payloader.getFactory().getName();
        List<String> props = payloader.listPropertyNames();
        setIfPresent(payloader, props, "mtu", Integer.toString(MTU));
        switch (factory) {
            case "rtpvp8pay", "rtpvp9pay" -> setIfPresent(payloader, props, "picture-id-mode", "15-bit");
            case "rtph264pay", "rtph265pay" -> {
                setIfPresent(payloader, props, "aggregate-mode", "zero-latency");
                setIfPresent(payloader, props, "config-interval", "-1");
            }
            default -> { }
        }
    }

    /** Sets a property from its text form (enums by nick), skipping properties this version lacks. */
    static void setIfPresent(Element element, List<String> props, String name, String value) {
        if (!props.contains(name)) {
            LOG.debug("{} has no property {}, not setting it", element.getName(), name);
            return;
        }
        element.setAsString(name, value);
    }
}
