package dev.webrtcsink.engine.codec;

import java.util.Objects;
import java.util.Optional;

/**
 * A codec as it exists on this machine: the row plus the encoder factory that will be used,
 * if any. A codec without an encoder can still carry already-encoded input (spec §6.1:
 * "can encode" only needs the payloader).
 */
public record AvailableCodec(Codec codec, Optional<EncoderSpec> encoder) {

    public AvailableCodec {
        Objects.requireNonNull(codec, "codec");
        Objects.requireNonNull(encoder, "encoder");
    }

    public boolean canEncodeRaw() {
        return encoder.isPresent();
    }

    public MediaKind kind() {
        return codec.kind();
    }

    @Override
    public String toString() {
        return codec.encodingName() + encoder.map(e -> "(" + e.factoryName() + ")").orElse("(passthrough only)");
    }
}
