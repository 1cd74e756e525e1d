package dev.webrtcsink.api;

import java.util.Objects;

/**
 * One ICE candidate line with the media line it belongs to.
 *
 * @param candidate the {@code candidate:...} attribute value; empty means end of candidates
 * @param sdpMLineIndex index of the m-line (mandatory: elements route by it)
 * @param sdpMid media id, or {@code null} (elements ignore it, browsers send it)
 */
public record IceCandidate(String candidate, int sdpMLineIndex, String sdpMid) {

    public IceCandidate {
        Objects.requireNonNull(candidate, "candidate");
        if (sdpMLineIndex < 0) {
            throw new IllegalArgumentException("sdpMLineIndex must be >= 0, got " + sdpMLineIndex);
        }
    }

    public static IceCandidate of(String candidate, int sdpMLineIndex) {
        return new IceCandidate(candidate, sdpMLineIndex, null);
    }

    /** True for the empty candidate that marks the end of gathering. */
    public boolean isEndOfCandidates() {
        return candidate.isEmpty();
    }
}
