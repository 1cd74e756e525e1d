package dev.webrtcsink.engine.codec;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.freedesktop.gstreamer.Caps;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The payload-type map of an element (spec §6.2): the user's {@code video-caps} then
 * {@code audio-caps}, one entry per caps structure in preference order, each mapped to the
 * first available codec whose caps intersect it, with dynamic payload types 96, 97, ... 127.
 */
public final class SessionCodecs {

    private static final Logger LOG = LoggerFactory.getLogger(SessionCodecs.class);
    public static final int FIRST_DYNAMIC_PT = 96;
    public static final int LAST_DYNAMIC_PT = 127;

    /** One payload type of the map. */
    public record Entry(int payloadType, AvailableCodec codec) {
        public Codec row() {
            return codec.codec();
        }

        /** RTP caps for this entry, as offered. */
        public String rtpCaps() {
            return codec.codec().rtpCaps(payloadType);
        }
    }

    private final List<Entry> entries;

    private SessionCodecs(List<Entry> entries) {
        this.entries = Collections.unmodifiableList(entries);
    }

    /**
     * Builds the map. Structures that match no available codec are dropped with a warning;
     * so are structures beyond the 32 dynamic payload types.
     */
    public static SessionCodecs build(String videoCaps, String audioCaps, List<AvailableCodec> available) {
        List<Entry> entries = new ArrayList<>();
        int pt = FIRST_DYNAMIC_PT;
        for (String structure : structures(videoCaps, audioCaps)) {
            Optional<AvailableCodec> match = firstMatch(structure, available);
            if (match.isEmpty()) {
                LOG.warn("no available codec for caps '{}', ignored", structure);
                continue;
            }
            if (pt > LAST_DYNAMIC_PT) {
                LOG.warn("out of dynamic payload types, caps '{}' ignored", structure);
                continue;
            }
            entries.add(new Entry(pt++, match.get()));
        }
        return new SessionCodecs(entries);
    }

    private static List<String> structures(String... capsTexts) {
        List<String> out = new ArrayList<>();
        for (String text : capsTexts) {
            if (text == null || text.isBlank()) {
                continue;
            }
            Caps caps = Caps.fromString(text);
            try {
                if (caps.isAny()) {
                    throw new IllegalArgumentException("codec preference caps must not be ANY");
                }
                for (int i = 0; i < caps.size(); i++) {
                    out.add(caps.getStructure(i).toString());
                }
            } finally {
                caps.dispose();
            }
        }
        return out;
    }

    private static Optional<AvailableCodec> firstMatch(String structure, List<AvailableCodec> available) {
        Caps wanted = Caps.fromString(structure);
        try {
            for (AvailableCodec candidate : available) {
                Caps codecCaps = Caps.fromString(candidate.codec().caps());
                Caps common = wanted.intersect(codecCaps);
                boolean matches = !common.isEmpty();
                common.dispose();
                codecCaps.dispose();
                if (matches) {
                    return Optional.of(candidate);
                }
            }
            return Optional.empty();
        } finally {
            wanted.dispose();
        }
    }

    public List<Entry> entries() {
        return entries;
    }

    /** Entries of one media kind, preference order. */
    public List<Entry> of(MediaKind kind) {
        return entries.stream().filter(e -> e.codec().kind() == kind).collect(Collectors.toList());
    }

    /** Entries usable for raw input of a kind: those with an encoder. */
    public List<Entry> encodable(MediaKind kind) {
        return entries.stream().filter(e -> e.codec().kind() == kind && e.codec().canEncodeRaw())
                .collect(Collectors.toList());
    }

    public Optional<Entry> byPayloadType(int pt) {
        return entries.stream().filter(e -> e.payloadType() == pt).findFirst();
    }

    /**
     * The entry for already-encoded input with these caps: first entry whose codec caps
     * intersect the input caps (spec §6.3, pre-encoded input).
     */
    public Optional<Entry> forEncodedInput(String inputCapsName) {
        return entries.stream().filter(e -> e.row().capsName().equals(inputCapsName)).findFirst();
    }

    @Override
    public String toString() {
        return entries.stream().map(e -> e.payloadType() + "=" + e.codec()).collect(Collectors.joining(", ", "[", "]"));
    }
}
