package dev.webrtcsink.api.protocol;

import java.util.Objects;

/**
 * An SDP offer or answer, {@code "sdp":{"type":"offer","sdp":"v=0..."}} on the wire.
 *
 * @param type offer or answer
 * @param sdp the SDP text, relayed verbatim
 */
public record SessionDescription(SdpType type, String sdp) implements PeerPayload {
    public SessionDescription {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(sdp, "sdp");
    }

    public static SessionDescription offer(String sdp) {
        return new SessionDescription(SdpType.OFFER, sdp);
    }

    public static SessionDescription answer(String sdp) {
        return new SessionDescription(SdpType.ANSWER, sdp);
    }
}
