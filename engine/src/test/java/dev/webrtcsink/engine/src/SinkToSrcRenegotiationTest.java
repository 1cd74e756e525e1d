package dev.webrtcsink.engine.src;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.webrtcsink.engine.sink.element.WebRTCSink;
import dev.webrtcsink.engine.src.SrcTestSupport.Consumer;
import dev.webrtcsink.engine.testing.GstTesting;
import dev.webrtcsink.engine.testing.ServerFixture;
import java.util.concurrent.atomic.AtomicInteger;
import org.freedesktop.gstreamer.Element;
import org.freedesktop.gstreamer.ElementFactory;
import org.freedesktop.gstreamer.Gst;
import org.freedesktop.gstreamer.Pad;
import org.freedesktop.gstreamer.PadProbeReturn;
import org.freedesktop.gstreamer.PadProbeType;
import org.freedesktop.gstreamer.Pipeline;
import org.freedesktop.gstreamer.State;
import org.freedesktop.gstreamer.event.EOSEvent;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * webrtcsink renegotiates a running session when a stream is added or released (webrtcsink spec §12.2, §12.3), and
 * webrtcsrc follows: a new m-line becomes a new pad, an inactive one ends its pad with EOS (webrtcsrc spec §7).
 */
class SinkToSrcRenegotiationTest {
    @RegisterExtension
    static final ServerFixture server = new ServerFixture();

    @BeforeAll
    static void init() {
        SrcTestSupport.init();
    }

    @Test
    void audioAddedThenReleasedWhileAConsumerWatches() throws Exception {
        Pipeline producer = (Pipeline) Gst.parseLaunch("videotestsrc is-live=true "
                + "! video/x-raw,width=320,height=240,framerate=30/1 ! webrtcsink name=ws stun-server=\"\" "
                + "video-caps=video/x-vp8 audio-caps=audio/x-opus signaller::uri=" + server.uri());
        try {
            producer.play();
            Element ws = producer.getElementByName("ws");
            WebRTCSink sink = WebRTCSink.of(ws);
            assertTrue(GstTesting.await(SrcTestSupport.MEDIA_TIMEOUT, () -> sink.signaller().get("client-id") != null),
                    sink.dump());
            String producerId = (String) sink.signaller().get("client-id");
            try (Consumer c = new Consumer("webrtcsrc name=src signaller::uri=" + server.uri()
                    + " signaller::producer-peer-id=" + producerId + " stun-server=\"\" "
                    // async=false: the audio sink has nothing to preroll until the audio stream exists
                    + "src. ! queue ! videoconvert ! fakesink name=video sync=false async=false "
                    + "src. ! queue ! audioconvert ! fakesink name=audio sync=false async=false").play()) {
                c.assertReceives(31, 0, sink.dump());
                AtomicInteger audioEos = new AtomicInteger();
                c.pipeline.getElementByName("audio").getStaticPad("sink").addProbe(PadProbeType.EVENT_DOWNSTREAM,
                        (pad, info) -> {
                            if (info.getEvent() instanceof EOSEvent) {
                                audioEos.incrementAndGet();
                            }
                            return PadProbeReturn.OK;
                        });

                // a new stream while the session runs: the consumer gets a new m-line, hence audio_0
                Element audio = ElementFactory.make("audiotestsrc", "late-audio");
                audio.set("is-live", true);
                producer.add(audio);
                Pad request = ws.getRequestPad("audio_%u");
                audio.getStaticPad("src").link(request);
                audio.syncStateWithParent();
                c.assertReceives(31, 20, sink.dump() + "\n" + c.src.dump());
                System.out.println("renegotiation: audio added -> " + c.audioBuffers.get() + " audio buffers");

                // released: its m-line goes inactive, webrtcsrc ends audio_0 with EOS, video goes on
                audio.getStaticPad("src").unlink(request);
                ws.releaseRequestPad(request);
                audio.setState(State.NULL);
                producer.remove(audio);
                assertTrue(GstTesting.await(SrcTestSupport.MEDIA_TIMEOUT, () -> audioEos.get() == 1),
                        "EOS on the consumer's audio branch: " + audioEos.get() + "\n" + sink.dump() + "\n" + c);
                long video = c.videoFrames.get();
                assertTrue(GstTesting.await(SrcTestSupport.MEDIA_TIMEOUT, () -> c.videoFrames.get() > video + 30),
                        "video goes on after the audio left: " + c);
                assertTrue(c.errors.isEmpty(), c.errors.toString());
                assertTrue(sink.sessions().size() == 1, "the session survived both renegotiations: " + sink.dump());
            }
        } finally {
            producer.setState(State.NULL);
            producer.dispose();
        }
    }
}
