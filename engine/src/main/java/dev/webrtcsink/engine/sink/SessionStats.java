package dev.webrtcsink.engine.sink;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Statistics of one consumer session (spec §11): the last {@code get-stats} reply of its
 * webrtcbin (GstStructure text) and the state of its video encoders.
 */
public record SessionStats(String sessionId, String peerId, SessionState state, String webrtcStats,
                           List<VideoEncoderStats> videoEncoders) {

    /** One {@code application/x-webrtcsink-video-encoder-stats} entry. */
    public record VideoEncoderStats(String streamName, String codecName, long bitrate, int fecPercentage) {}

    /**
     * The session stats structure: {@code webrtcStats} with a {@code consumer-stats} field added,
     * as GstStructure text.
     */
    public String toStructureText() {
        String encoders = videoEncoders.stream().map(e -> quote(
                "application/x-webrtcsink-video-encoder-stats, bitrate=(int)" + e.bitrate()
                        + ", mitigation-mode=(string)none, codec-name=(string)" + e.codecName()
                        + ", fec-percentage=(uint)" + e.fecPercentage() + ";"))
                .collect(Collectors.joining(", ", "< ", " >"));
        String consumer = quote("application/x-webrtcsink-consumer-stats, video-encoders=(GstValueArray)"
                + (videoEncoders.isEmpty() ? "< >" : encoders) + ";");
        String base = webrtcStats.strip();
        if (base.endsWith(";")) {
            base = base.substring(0, base.length() - 1);
        }
        return base + ", consumer-stats=(structure)" + consumer + ";";
    }

    /** Quotes a nested structure the way GStreamer's serialiser does, so it parses back. */
    static String quote(String text) {
        return '"' + text.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }
}
