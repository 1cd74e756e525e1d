package dev.webrtcsink.engine.codec;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import org.freedesktop.gstreamer.ElementFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds out which rows of the codec table this machine can send: a codec is usable when its
 * payloader exists, and can encode raw input when one of its encoder candidates exists.
 *
 * <p>Factories are looked up by name (cheap, no element is instantiated), so the result is a
 * property of the installed plugins and can be computed once per process.
 */
public final class CodecDiscovery {

    private static final Logger LOG = LoggerFactory.getLogger(CodecDiscovery.class);
    private static volatile List<AvailableCodec> installed;

    private CodecDiscovery() {}

    /** The usable codecs given a factory-existence test, in table order. */
    public static List<AvailableCodec> discover(List<Codec> table, Predicate<String> factoryExists) {
        List<AvailableCodec> out = new ArrayList<>();
        for (Codec codec : table) {
            if (!factoryExists.test(codec.payloader())) {
                LOG.debug("{}: no payloader {}, codec unavailable", codec, codec.payloader());
                continue;
            }
            if (codec.parser() != null && !factoryExists.test(codec.parser())) {
                LOG.debug("{}: no parser {}, codec unavailable", codec, codec.parser());
                continue;
            }
            Optional<EncoderSpec> encoder = codec.encoders().stream()
                    .filter(factoryExists)
                    .findFirst()
                    .map(EncoderCatalog::forFactory);
            out.add(new AvailableCodec(codec, encoder));
        }
        return Collections.unmodifiableList(out);
    }

    /** The usable codecs of this process's GStreamer registry (computed once; Gst must be initialised). */
    public static List<AvailableCodec> installed() {
        List<AvailableCodec> result = installed;
        if (result == null) {
            result = discover(CodecTable.ALL, CodecDiscovery::factoryExists);
            LOG.info("codecs available here: {}", result);
            installed = result;
        }
        return result;
    }

    /** True when the registry has an element factory of that name. */
    public static boolean factoryExists(String factoryName) {
        try {
            return ElementFactory.find(factoryName) != null;
        } catch (IllegalArgumentException notFound) {
            return false; // gst1-java-core throws rather than returning null for unknown names
        }
    }
}
