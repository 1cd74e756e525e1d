package dev.webrtcsink.api.protocol;

import java.util.Objects;

/**
 * An ICE candidate, {@code "ice":{"candidate":"...","sdpMLineIndex":0}} on the wire. Other keys a
 * browser adds ({@code sdpMid}, {@code usernameFragment}) are not part of the protocol: they are
 * accepted on input and dropped, exactly as upstream does.
 *
 * @param candidate the candidate line; the empty string marks the end of candidates
 * @param sdpMLineIndex index of the media section, an unsigned 32-bit integer as upstream
 */
public record IceCandidate(String candidate, long sdpMLineIndex) implements PeerPayload {
    /** Largest {@code sdpMLineIndex} upstream accepts (it is a {@code u32} there). */
    public static final long MAX_SDP_M_LINE_INDEX = 0xFFFF_FFFFL;

    public IceCandidate {
        Objects.requireNonNull(candidate, "candidate");
        if (sdpMLineIndex < 0 || sdpMLineIndex > MAX_SDP_M_LINE_INDEX) {
            throw new IllegalArgumentException("sdpMLineIndex out of unsigned 32-bit range: " + sdpMLineIndex);
        }
    }
}
