package dev.webrtcsink.examples.customsignaller;

import dev.webrtcsink.engine.WebRTC;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.freedesktop.gstreamer.Bus;
import org.freedesktop.gstreamer.Gst;
import org.freedesktop.gstreamer.PadProbeReturn;
import org.freedesktop.gstreamer.PadProbeType;
import org.freedesktop.gstreamer.Pipeline;
import org.freedesktop.gstreamer.State;

/**
 * Streams a test pattern from {@code relaywebrtcsink} to {@code relaywebrtcsrc} in this JVM, signalled through the
 * example's own signaller ({@link RelaySignallerFactory}), and prints every signalling message and the frames decoded.
 *
 * <pre>java -cp examples/target/webrtc-launch.jar dev.webrtcsink.examples.customsignaller.CustomSignallerExample [frames]</pre>
 */
public final class CustomSignallerExample {
    private CustomSignallerExample() {}

    public static void main(String[] args) throws InterruptedException {
        int frames = args.length > 0 ? Integer.parseInt(args[0]) : 90;
        Relay.trace(line -> System.out.println("signalling: " + line));
        long decoded = run(frames, Duration.ofSeconds(30));
        System.out.println(decoded >= frames ? "decoded " + decoded + " frames" : "only " + decoded + " frames decoded");
        System.exit(decoded >= frames ? 0 : 1);
    }

    /** Plays producer and consumer until {@code frames} frames are decoded or {@code timeout}; returns the count. */
    static long run(int frames, Duration timeout) throws InterruptedException {
        WebRTC.register(); // GStreamer, and one element pair per signaller factory found: here relaywebrtcsink/src
        String room = "example-" + System.nanoTime();
        Pipeline producer = (Pipeline) Gst.parseLaunch("videotestsrc is-live=true ! video/x-raw,width=320,height=240 "
                + "! relaywebrtcsink signaller::room=" + room + " stun-server=\"\" video-caps=video/x-vp8");
        Pipeline consumer = (Pipeline) Gst.parseLaunch("relaywebrtcsrc signaller::room=" + room + " stun-server=\"\" "
                + "! videoconvert ! fakesink name=out sync=false");
        AtomicLong decoded = new AtomicLong();
        CountDownLatch done = new CountDownLatch(1);
        // counting in Java on every buffer is fine for an example; the elements themselves never do it
        consumer.getElementByName("out").getStaticPad("sink").addProbe(PadProbeType.BUFFER, (pad, info) -> {
            if (decoded.incrementAndGet() >= frames) {
                done.countDown();
            }
            return PadProbeReturn.OK;
        });
        Bus.ERROR onError = (source, code, message) -> {
            System.err.println("error from " + source.getName() + ": " + message);
            done.countDown();
        };
        producer.getBus().connect(onError);
        consumer.getBus().connect(onError);
        try {
            producer.play();
            consumer.play();
            done.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return decoded.get();
        } finally {
            consumer.setState(State.NULL);
            producer.setState(State.NULL);
            consumer.dispose();
            producer.dispose();
        }
    }
}
