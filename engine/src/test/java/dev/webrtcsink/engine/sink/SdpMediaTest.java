package dev.webrtcsink.engine.sink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.webrtcsink.engine.codec.CodecDiscovery;
import dev.webrtcsink.engine.codec.CodecTable;
import dev.webrtcsink.engine.codec.SessionCodecs;
import java.util.List;
import org.junit.jupiter.api.Test;

class SdpMediaTest {

    private static final String ANSWER = String.join("\r\n",
            "v=0", "o=- 1 0 IN IP4 0.0.0.0", "s=-", "t=0 0",
            "m=video 9 UDP/TLS/RTP/SAVPF 98 96",
            "a=mid:video0", "a=recvonly",
            "a=rtpmap:98 VP9/90000", "a=rtpmap:96 H264/90000",
            "a=fmtp:96 packetization-mode=1;level-asymmetry-allowed=1;profile-level-id=42e01f",
            "a=extmap:3 " + SdpMedia.TWCC_URI,
            "m=audio 0 UDP/TLS/RTP/SAVPF 100", "a=rtpmap:100 OPUS/48000/2", "");

    @Test
    void readsMediaFormatsAndAttributes() {
        List<SdpMedia> media = SdpMedia.parse(ANSWER);
        assertEquals(2, media.size());
        SdpMedia video = media.get(0);
        assertEquals("video", video.media());
        assertEquals(98, video.firstFormat().orElseThrow(), "the answerer's choice is the first format");
        assertEquals("VP9", video.rtpMaps().get(98).encodingName());
        assertEquals(3, video.extensionId(SdpMedia.TWCC_URI).orElseThrow());
        assertEquals("video0", video.mid());
        assertTrue(media.get(1).isRejected(), "port 0");
        assertEquals("2", media.get(1).rtpMaps().get(100).encodingParams());
    }

    @Test
    void aBundleOnlyMediaWithPortZeroIsNotRefused() {
        // how webrtcbin and browsers offer with max-bundle: every m-line after the first is bundle-only, port 0
        List<SdpMedia> media = SdpMedia.parse(String.join("\r\n", "v=0", "o=- 1 0 IN IP4 0.0.0.0", "s=-", "t=0 0",
                "a=group:BUNDLE video0 audio1",
                "m=video 9 UDP/TLS/RTP/SAVPF 96", "a=mid:video0", "a=recvonly", "a=rtpmap:96 VP8/90000",
                "m=audio 0 UDP/TLS/RTP/SAVPF 101", "a=bundle-only", "a=mid:audio1", "a=recvonly",
                "a=rtpmap:101 OPUS/48000/2", ""));
        assertTrue(media.get(1).bundleOnly());
        assertTrue(!media.get(1).isRejected(), "bundled, not refused");
        assertTrue(!media.get(0).isRejected());
    }

    @Test
    void offeredCapsDropProfileLevelIdWhenAsymmetryIsAllowed() {
        SdpMedia video = SdpMedia.parse(ANSWER).get(0);
        var h264 = CodecDiscovery.discover(List.of(CodecTable.H264), n -> true).get(0);
        String caps = ConsumerSession.offeredRtpCaps(video, new SessionCodecs.Entry(96, h264));
        assertTrue(caps.contains("encoding-name=(string)H264") && caps.contains("payload=(int)96"), caps);
        assertTrue(caps.contains("packetization-mode=(string)\"1\""), caps);
        assertTrue(!caps.contains("profile-level-id"), caps);
    }

    @Test
    void garbageIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> SdpMedia.parse("this is not SDP"));
        assertThrows(IllegalArgumentException.class, () -> SdpMedia.parse("v=0\r\nm=video x RTP/AVP 96\r\n"));
    }
}
