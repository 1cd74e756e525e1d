package dev.webrtcsink.engine.src;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.webrtcsink.engine.sink.SdpMedia;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The SDP side of the defence against media for dead m-lines (no GStreamer needed). */
class RefusedMediaTest {
    private static final String ANSWER = "v=0\r\no=- 1 0 IN IP4 0.0.0.0\r\ns=-\r\nt=0 0\r\n"
            + "a=group:BUNDLE audio1 video0\r\n"
            + "m=video 9 UDP/TLS/RTP/SAVPF 96 97\r\na=mid:video0\r\na=sendonly\r\na=rtpmap:96 VP8/90000\r\n"
            + "a=rtpmap:97 rtx/90000\r\na=ssrc-group:FID 1 2\r\na=ssrc:1 cname:x\r\na=ssrc:2 cname:x\r\n"
            + "m=audio 0 UDP/TLS/RTP/SAVPF 101 96\r\na=mid:audio1\r\na=sendonly\r\na=rtpmap:101 OPUS/48000/2\r\n"
            + "a=ssrc:3 cname:x\r\n";

    @Test
    void deadMlinesLoseTheirSsrcsAndLeaveTheBundleGroup() {
        List<SdpMedia> media = SdpMedia.parse(ANSWER);
        String sanitized = RefusedMedia.sanitize(ANSWER, media, Set.of(1));
        assertTrue(sanitized.contains("a=group:BUNDLE video0\r\n"), sanitized);
        assertTrue(sanitized.contains("a=ssrc-group:FID 1 2\r\na=ssrc:1 cname:x\r\na=ssrc:2 cname:x\r\n"), sanitized);
        assertFalse(sanitized.contains("a=ssrc:3"), sanitized);
        assertEquals(Set.of(0), RefusedMedia.withSsrcs(sanitized));
        assertEquals(Set.of(0, 1), RefusedMedia.withSsrcs(ANSWER));
        // every m-line dead: no group line at all
        assertFalse(RefusedMedia.sanitize(ANSWER, media, Set.of(0, 1)).contains("a=group:BUNDLE"));
        assertEquals(ANSWER, RefusedMedia.sanitize(ANSWER, media, Set.of()));
    }

    @Test
    void payloadTypesOfDeadMlinesAreDroppedUnlessALiveOneUsesThem() {
        List<SdpMedia> answer = SdpMedia.parse(ANSWER);
        List<SdpMedia> offer = SdpMedia.parse(ANSWER.replace("101 96\r\n", "101 102 103\r\n"));
        // 96 is live (video) even though the hostile audio m-line lists it too
        assertEquals(Set.of(101, 102, 103), RefusedMedia.payloadTypesToDrop(Set.of(1), answer, List.of(offer)));
        assertEquals(Set.of(), RefusedMedia.payloadTypesToDrop(Set.of(), answer, List.of(offer)));
    }

    @Test
    void onlyAudioOrVideoThatSendsWithAMappableFormatSendsToUs() {
        String base = "v=0\r\no=- 1 0 IN IP4 0.0.0.0\r\ns=-\r\nt=0 0\r\n";
        SdpMedia sending = SdpMedia.parse(base + "m=video 9 UDP/TLS/RTP/SAVPF 96\r\na=sendrecv\r\n"
                + "a=rtpmap:96 VP8/90000\r\n").get(0);
        SdpMedia recvonly = SdpMedia.parse(base + "m=video 9 UDP/TLS/RTP/SAVPF 96\r\na=recvonly\r\n"
                + "a=rtpmap:96 VP8/90000\r\n").get(0);
        SdpMedia noRtpmap = SdpMedia.parse(base + "m=audio 9 UDP/TLS/RTP/SAVPF 111\r\na=sendonly\r\n").get(0);
        SdpMedia staticPcmu = SdpMedia.parse(base + "m=audio 9 UDP/TLS/RTP/SAVPF 0\r\na=sendonly\r\n").get(0);
        SdpMedia data = SdpMedia.parse(base + "m=application 9 UDP/DTLS/SCTP webrtc-datachannel\r\n").get(0);
        assertTrue(RefusedMedia.sendsToUs(sending));
        assertFalse(RefusedMedia.sendsToUs(recvonly));
        assertFalse(RefusedMedia.sendsToUs(noRtpmap));
        assertTrue(RefusedMedia.sendsToUs(staticPcmu));
        assertFalse(RefusedMedia.sendsToUs(data));
    }
}
