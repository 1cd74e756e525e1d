package dev.webrtcsink.engine.src;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.webrtcsink.engine.natives.ObjectProperties;
import java.util.List;
import org.freedesktop.gstreamer.Element;
import org.freedesktop.gstreamer.Gst;
import org.freedesktop.gstreamer.Pipeline;
import org.freedesktop.gstreamer.glib.Natives;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** webrtcsrc's list properties are GstValueArrays of strings, as upstream's, from pipelines, GLib and Java. */
class SrcPropertiesTest {

    @BeforeAll
    static void init() {
        SrcTestSupport.init();
    }

    @Test
    void listPropertiesAreValueArrays() {
        Pipeline p = (Pipeline) Gst.parseLaunch("webrtcsrc name=src video-codecs=\"<VP9, H264>\" "
                + "audio-codecs=\"<\\\"OPUS\\\">\" turn-servers=\"<\\\"turn://u:p@127.0.0.1:3478\\\">\" ! fakesink");
        try {
            Element e = p.getElementByName("src");
            WebRTCSrcElement src = SrcTestSupport.javaSide(e);
            // through GLib (g_object_get_property of a GstValueArray), not only our own store
            assertEquals(List.of("VP9", "H264"), ObjectProperties.get(Natives.getRawPointer(e), "video-codecs"));
            assertEquals(List.of("OPUS"), src.getStringList("audio-codecs"));
            assertEquals(List.of("turn://u:p@127.0.0.1:3478"), src.getStringList("turn-servers"));

            // from Java: a list, or text in either syntax
            src.set("video-codecs", List.of("AV1", "VP8"));
            assertEquals(List.of("AV1", "VP8"), ObjectProperties.get(Natives.getRawPointer(e), "video-codecs"));
            src.set("video-codecs", "<\"VP8\", \"H265\">");
            assertEquals(List.of("VP8", "H265"), src.getStringList("video-codecs"));
            src.set("turn-servers", "turn://a:b@127.0.0.1:3478, turns://c:d@127.0.0.1:5349");
            assertEquals(List.of("turn://a:b@127.0.0.1:3478", "turns://c:d@127.0.0.1:5349"),
                    ObjectProperties.get(Natives.getRawPointer(e), "turn-servers"));
            // and through GLib from a Java list
            ObjectProperties.set(Natives.getRawPointer(e), "audio-codecs", List.of("OPUS", "MULTIOPUS"));
            assertEquals(List.of("OPUS", "MULTIOPUS"), src.getStringList("audio-codecs"));
        } finally {
            p.dispose();
        }
    }

    @Test
    void defaultsAreUpstreams() {
        Pipeline p = (Pipeline) Gst.parseLaunch("webrtcsrc name=src ! fakesink");
        try {
            Element e = p.getElementByName("src");
            assertEquals(List.of("VP8", "H264", "VP9", "H265", "AV1"),
                    ObjectProperties.get(Natives.getRawPointer(e), "video-codecs"));
            assertEquals(List.of("OPUS", "MULTIOPUS"), ObjectProperties.get(Natives.getRawPointer(e), "audio-codecs"));
            assertEquals(List.of(), ObjectProperties.get(Natives.getRawPointer(e), "turn-servers"));
        } finally {
            p.dispose();
        }
    }
}
