package dev.webrtcsink.engine.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class CodecTableTest {

    @BeforeAll
    static void gst() {
        GstInit.ensure();
    }

    @Test
    void bitrateUnitsDifferPerEncoder() {
        long twoMbit = 2_048_000;
        assertEquals(twoMbit, EncoderCatalog.forFactory("vp8enc").bitrateSetting(twoMbit).orElseThrow().getValue());
        assertEquals("target-bitrate", EncoderCatalog.forFactory("vp9enc").bitrateProperty());
        assertEquals(2048, EncoderCatalog.forFactory("x264enc").bitrateSetting(twoMbit).orElseThrow().getValue());
        assertEquals(twoMbit, EncoderCatalog.forFactory("openh264enc").bitrateSetting(twoMbit).orElseThrow().getValue());
        assertEquals(2048, EncoderCatalog.forFactory("av1enc").bitrateSetting(twoMbit).orElseThrow().getValue());
        assertEquals(twoMbit, EncoderCatalog.forFactory("rav1enc").bitrateSetting(twoMbit).orElseThrow().getValue());
        assertEquals(2048, EncoderCatalog.forFactory("nvh264enc").bitrateSetting(twoMbit).orElseThrow().getValue());
        assertEquals(1, BitrateUnit.KILOBITS_PER_SECOND.toPropertyValue(1999), "kbit/s truncates");
        assertFalse(EncoderCatalog.forFactory("opusenc").supportsBitrateControl());
    }

    @Test
    void defaultSettingsFollowSpec() {
        var x264 = EncoderCatalog.forFactory("x264enc").settingsFor(2_048_000);
        assertEquals("2048", x264.get("bitrate"));
        assertEquals("zerolatency", x264.get("tune"));
        assertEquals("ultrafast", x264.get("speed-preset"));
        var vp8 = EncoderCatalog.forFactory("vp8enc").settingsFor(1_000_000);
        assertEquals("1000000", vp8.get("target-bitrate"));
        assertEquals("1", vp8.get("deadline"));
        assertEquals("0", vp8.get("lag-in-frames"));
        assertEquals(List.of("deadline", "target-bitrate"), vp8.keySet().stream().limit(2).collect(Collectors.toList()));
    }

    @Test
    void h264IsPinnedToABrowserProfile() {
        assertTrue(CodecTable.H264.encodedStreamCaps().contains("profile=(string)constrained-baseline"));
        assertFalse(CodecTable.H264.encodedStreamCaps().contains("high"));
        assertTrue(CodecTable.H264.rtpCaps(97).contains("packetization-mode=(string)1"));
        assertTrue(CodecTable.H264.encoders().contains("openh264enc"));
    }

    @Test
    void discoveryNeedsPayloaderAndPicksFirstEncoder() {
        Set<String> installed = Set.of("rtpvp8pay", "vp8enc", "rtph264pay", "h264parse", "openh264enc", "x264enc",
                "rtpopuspay", "rtpvp9pay"); // vp9: payloader but no parser -> unavailable
        List<AvailableCodec> found = CodecDiscovery.discover(CodecTable.ALL, installed::contains);
        assertEquals(List.of("OPUS", "VP8", "H264"),
                found.stream().map(c -> c.codec().encodingName()).collect(Collectors.toList()));
        assertFalse(found.get(0).canEncodeRaw(), "no opusenc: passthrough only");
        assertEquals("x264enc", found.get(2).encoder().orElseThrow().factoryName());
    }

    @Test
    void discoveryOnThisMachineFindsTheSoftwareEncoders() {
        List<AvailableCodec> found = CodecDiscovery.installed();
        Set<String> names = found.stream().map(c -> c.codec().encodingName()).collect(Collectors.toSet());
        assertTrue(names.containsAll(Set.of("VP8", "VP9", "H264", "OPUS")), "found " + found);
        assertTrue(found.stream().filter(c -> c.codec() != CodecTable.AV1 && c.codec() != CodecTable.H265)
                .allMatch(AvailableCodec::canEncodeRaw), "found " + found);
    }

    @Test
    void payloadTypesFollowPreferenceOrder() {
        List<AvailableCodec> all = CodecDiscovery.discover(CodecTable.ALL, n -> true);
        SessionCodecs map = SessionCodecs.build("video/x-h264; video/x-vp8; video/x-raw", CodecTable.DEFAULT_AUDIO_CAPS, all);
        assertEquals(3, map.entries().size(), map.toString());
        assertEquals(96, map.entries().get(0).payloadType());
        assertEquals(CodecTable.H264, map.entries().get(0).row());
        assertEquals(CodecTable.VP8, map.byPayloadType(97).orElseThrow().row());
        assertEquals(CodecTable.OPUS, map.byPayloadType(98).orElseThrow().row());
        assertEquals(List.of(CodecTable.OPUS), map.of(MediaKind.AUDIO).stream().map(SessionCodecs.Entry::row).collect(Collectors.toList()));
        assertTrue(map.byPayloadType(99).isEmpty());
    }

    @Test
    void defaultCapsListEveryVideoCodec() {
        List<AvailableCodec> all = CodecDiscovery.discover(CodecTable.ALL, n -> true);
        SessionCodecs map = SessionCodecs.build(CodecTable.DEFAULT_VIDEO_CAPS, CodecTable.DEFAULT_AUDIO_CAPS, all);
        assertEquals(List.of("VP8", "H264", "VP9", "H265", "AV1", "OPUS"),
                map.entries().stream().map(e -> e.row().encodingName()).collect(Collectors.toList()));
        assertEquals(101, map.entries().get(5).payloadType());
    }
}
