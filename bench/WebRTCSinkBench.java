// webrtcsink benchmarks: time to first frame and CPU per consumer, each next to hand-built
// webrtcbin pipelines measured in the same run. Run with bench/run-webrtcsink; results and how
// to read them: docs/benchmarks.md.
//
//   WebRTCSinkBench ttff [runs]              (default 20)
//   WebRTCSinkBench cpu [seconds] [counts]   (default 10 s, "1,2,4" consumers)
//   WebRTCSinkBench src [runs] [seconds]     webrtcsrc: time to first frame and decode fps (default 10, 10 s)
import dev.webrtcsink.api.IceCandidate;
import dev.webrtcsink.api.Role;
import dev.webrtcsink.api.SessionDescription;
import dev.webrtcsink.api.SignallerListener;
import dev.webrtcsink.engine.WebRTC;
import dev.webrtcsink.engine.gst.TransceiverDirection;
import dev.webrtcsink.engine.gst.WebRtcBin;
import dev.webrtcsink.engine.natives.GObjectLib;
import dev.webrtcsink.engine.sink.GstWebRtcBinDriver;
import dev.webrtcsink.engine.sink.element.WebRTCSink;
import dev.webrtcsink.server.SignallingServer;
import dev.webrtcsink.signaller.websocket.WebSocketSignaller;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.freedesktop.gstreamer.Bin;
import org.freedesktop.gstreamer.Element;
import org.freedesktop.gstreamer.ElementFactory;
import org.freedesktop.gstreamer.Gst;
import org.freedesktop.gstreamer.Pad;
import org.freedesktop.gstreamer.PadDirection;
import org.freedesktop.gstreamer.PadProbeReturn;
import org.freedesktop.gstreamer.PadProbeType;
import org.freedesktop.gstreamer.Pipeline;
import org.freedesktop.gstreamer.State;

public class WebRTCSinkBench {
    static final String VIDEO = "videotestsrc is-live=true ! video/x-raw,width=640,height=360,framerate=30/1";
    static final long BITRATE = 2_048_000;
    /** webrtcsink's own vp8enc configuration (engine codec EncoderCatalog), for the baseline. */
    static final String VP8ENC = "vp8enc deadline=1 target-bitrate=" + BITRATE + " cpu-used=-16 keyframe-max-dist=2000"
            + " keyframe-mode=disabled end-usage=cbr buffer-initial-size=100 buffer-optimal-size=120 buffer-size=150"
            + " max-intra-bitrate=250 error-resilient=default lag-in-frames=0";
    static final String VP8_RECV = "application/x-rtp, media=(string)video, encoding-name=(string)VP8, clock-rate=(int)90000";
    static final GstWebRtcBinDriver DRIVER = new GstWebRtcBinDriver();
    static final ExecutorService CONTROL = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "bench-control");
        t.setDaemon(true);
        return t;
    });

    public static void main(String[] args) throws Exception {
        WebRTC.register();
        String mode = args.length > 0 ? args[0] : "ttff";
        if (mode.equals("ttff")) {
            ttff(args.length > 1 ? Integer.parseInt(args[1]) : 20);
        } else if (mode.equals("src")) {
            src(args.length > 1 ? Integer.parseInt(args[1]) : 10, args.length > 2 ? Integer.parseInt(args[2]) : 10);
        } else {
            cpu(args.length > 1 ? Integer.parseInt(args[1]) : 10,
                    Arrays.stream((args.length > 2 ? args[2] : "1,2,4").split(",")).mapToInt(Integer::parseInt).toArray());
        }
        System.exit(0); // GStreamer and signaller threads are not all daemons
    }

    // ---------------------------------------------------------------- time to first frame

    static void ttff(int runs) throws Exception {
        System.out.printf("time to first frame: %d runs each, VP8 640x360@30, loopback, no STUN%n", runs);
        double[] baseline = new double[runs];
        double[] ours = new double[runs];
        try (Producer producer = new Producer()) {
            for (int i = 0; i < runs; i++) {
                // alternate, so slow phases of a shared machine hit both sides alike
                baseline[i] = Loopback.timeToFirstFrameMillis();
                try (Viewer v = new Viewer(producer.uri, producer.peerId)) {
                    ours[i] = v.firstFrameMillis();
                }
            }
        }
        Arrays.sort(baseline);
        Arrays.sort(ours);
        System.out.printf("%-30s %12s %12s %7s%n", "", "hand-built", "webrtcsink", "ratio");
        row("median (ms)", baseline[runs / 2], ours[runs / 2]);
        row("p95 (ms)", baseline[(int) Math.ceil(runs * 0.95) - 1], ours[(int) Math.ceil(runs * 0.95) - 1]);
    }

    static void row(String name, double base, double ours) {
        System.out.printf("%-30s %12.1f %12.1f %7.2f%n", name, base, ours, ours / base);
    }

    // ---------------------------------------------------------------- webrtcsrc

    /**
     * webrtcsrc against a hand-built receiver (default signaller + webrtcbin + decodebin, the
     * {@link Viewer}), both consuming the same webrtcsink: time from start to the first decoded
     * frame, then decoded frames per second over a window.
     */
    static void src(int runs, int seconds) throws Exception {
        System.out.printf("webrtcsrc: %d runs each (time to first frame), then %d s of decoding; VP8 640x360@30 from"
                + " webrtcsink, loopback, no STUN%n", runs, seconds);
        double[] baseline = new double[runs];
        double[] ours = new double[runs];
        double baseFps;
        double ourFps;
        try (Producer producer = new Producer()) {
            for (int i = 0; i < runs; i++) {
                try (Viewer v = new Viewer(producer.uri, producer.peerId)) {
                    baseline[i] = v.firstFrameMillis();
                }
                try (SrcConsumer c = new SrcConsumer(producer.uri, producer.peerId)) {
                    ours[i] = c.firstFrameMillis();
                }
            }
            try (Viewer v = new Viewer(producer.uri, producer.peerId)) {
                v.firstFrameMillis();
                baseFps = v.fps(seconds);
            }
            try (SrcConsumer c = new SrcConsumer(producer.uri, producer.peerId)) {
                c.firstFrameMillis();
                ourFps = c.fps(seconds);
            }
        }
        Arrays.sort(baseline);
        Arrays.sort(ours);
        System.out.printf("%-30s %12s %12s %7s%n", "", "hand-built", "webrtcsrc", "ratio");
        row("first frame median (ms)", baseline[runs / 2], ours[runs / 2]);
        row("first frame p95 (ms)", baseline[(int) Math.ceil(runs * 0.95) - 1], ours[(int) Math.ceil(runs * 0.95) - 1]);
        row("decoded frames per second", baseFps, ourFps);
    }

    /** webrtcsrc ! videoconvert ! fakesink, counting frames with a probe (bench code only). */
    static final class SrcConsumer implements AutoCloseable {
        final Pipeline pipeline;
        final AtomicLong frames = new AtomicLong();
        final AtomicLong firstFrameAt = new AtomicLong();
        final CountDownLatch firstFrame = new CountDownLatch(1);
        final long startedAt = System.nanoTime();

        SrcConsumer(String uri, String producerId) {
            pipeline = (Pipeline) Gst.parseLaunch("webrtcsrc name=src stun-server=\"\" video-codecs=<VP8> signaller::uri="
                    + uri + " signaller::producer-peer-id=" + producerId
                    + " src. ! queue ! videoconvert ! fakesink name=out sync=false");
            pipeline.getElementByName("out").getStaticPad("sink").addProbe(PadProbeType.BUFFER, (p, info) -> {
                if (frames.incrementAndGet() == 1) {
                    firstFrameAt.set(System.nanoTime());
                    firstFrame.countDown();
                }
                return PadProbeReturn.OK;
            });
            pipeline.play();
        }

        double firstFrameMillis() throws InterruptedException {
            if (!firstFrame.await(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("webrtcsrc: no decoded frame within 30 s");
            }
            return (firstFrameAt.get() - startedAt) / 1e6;
        }

        double fps(int seconds) throws InterruptedException {
            long f0 = frames.get();
            long t0 = System.nanoTime();
            Thread.sleep(seconds * 1000L); // the measurement window
            return (frames.get() - f0) / ((System.nanoTime() - t0) / 1e9);
        }

        @Override
        public void close() {
            pipeline.setState(State.NULL);
            pipeline.dispose();
        }
    }

    // ---------------------------------------------------------------- CPU per consumer

    static void cpu(int seconds, int[] counts) throws Exception {
        System.out.printf("CPU per consumer: VP8 640x360@30 at %d bit/s, %d s per measurement; consumers decode"
                + " in this process on both sides%n", BITRATE, seconds);
        System.out.printf("%-10s %16s %16s %7s %18s%n", "consumers", "hand-built %CPU", "webrtcsink %CPU", "ratio",
                "Java threads share");
        for (int n : counts) {
            List<Loopback> loopbacks = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                loopbacks.add(Loopback.started());
            }
            Measure base = measure(seconds);
            loopbacks.forEach(WebRTCSinkBench::closeQuietly);
            Measure ours;
            try (Producer producer = new Producer()) {
                List<Viewer> viewers = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    Viewer v = new Viewer(producer.uri, producer.peerId);
                    v.firstFrameMillis();
                    viewers.add(v);
                }
                ours = measure(seconds);
                viewers.forEach(WebRTCSinkBench::closeQuietly);
            }
            System.out.printf("%-10d %16.1f %16.1f %7.2f %17.1f%%%n", n, base.cpuPercent, ours.cpuPercent,
                    ours.cpuPercent / base.cpuPercent, 100 * ours.javaShare);
        }
    }

    record Measure(double cpuPercent, double javaShare) {}

    /** Process CPU and the part of it spent in Java threads over a window, after a short warm-up. */
    static Measure measure(int seconds) throws InterruptedException {
        Thread.sleep(2000); // warm-up window: encoders settle after the first key frame
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long cpu0 = os.getProcessCpuTime();
        long java0 = javaCpu(threads);
        long t0 = System.nanoTime();
        Thread.sleep(seconds * 1000L); // the measurement window
        long cpu = os.getProcessCpuTime() - cpu0;
        long java = javaCpu(threads) - java0;
        double wall = System.nanoTime() - t0;
        return new Measure(100.0 * cpu / wall, cpu == 0 ? 0 : Math.max(0, (double) java / cpu));
    }

    /**
     * CPU of the threads Java started. GStreamer streaming threads that called into Java once
     * (a pad probe, a signal handler) stay attached to the JVM and show up in ThreadMXBean with
     * all their native CPU; they are recognised by having no Java frame at the bottom of their
     * stack ({@code Thread.run}) and left out.
     */
    static long javaCpu(ThreadMXBean threads) {
        long sum = 0;
        for (var info : threads.getThreadInfo(threads.getAllThreadIds(), Integer.MAX_VALUE)) {
            if (info == null) {
                continue;
            }
            StackTraceElement[] stack = info.getStackTrace();
            boolean startedByJava = stack.length > 0 && stack[stack.length - 1].getClassName().equals("java.lang.Thread");
            long t = threads.getThreadCpuTime(info.getThreadId());
            if (startedByJava && t > 0) {
                sum += t;
            }
        }
        return sum;
    }

    static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception e) {
            System.err.println("close: " + e);
        }
    }

    // ---------------------------------------------------------------- webrtcsink side

    /** A signalling server and videotestsrc ! webrtcsink registered with it. */
    static final class Producer implements AutoCloseable {
        final SignallingServer server = SignallingServer.builder().host("127.0.0.1").port(0).build().start();
        final String uri = "ws://127.0.0.1:" + server.port();
        final Pipeline pipeline;
        final String peerId;

        Producer() throws InterruptedException {
            pipeline = (Pipeline) Gst.parseLaunch(VIDEO + " ! webrtcsink name=ws stun-server=\"\" do-fec=false"
                    + " do-retransmission=false video-caps=video/x-vp8 max-bitrate=" + BITRATE
                    + " signaller::uri=" + uri);
            pipeline.play();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            String id = null;
            while (id == null && System.nanoTime() < deadline) {
                id = clientId();
                Thread.sleep(20); // polling the registration with a deadline
            }
            if (id == null) {
                throw new IllegalStateException("webrtcsink did not register with the signalling server");
            }
            peerId = id;
        }

        private String clientId() {
            Object id = WebRTCSink.of(pipeline.getElementByName("ws")).signaller().get("client-id");
            return id == null ? null : id.toString();
        }

        @Override
        public void close() {
            pipeline.setState(State.NULL);
            pipeline.dispose();
            server.stop();
        }
    }

    /** A remote viewer: default signaller (consumer role) + webrtcbin that decodes to fakesink. */
    static final class Viewer implements AutoCloseable {
        final WebSocketSignaller signaller = new WebSocketSignaller(Role.CONSUMER);
        final Pipeline pipeline = new Pipeline();
        final Element webrtcbin = ElementFactory.make("webrtcbin", "recv");
        final CountDownLatch firstFrame = new CountDownLatch(1);
        final AtomicLong firstFrameAt = new AtomicLong();
        final long startedAt;
        volatile String sessionId;

        Viewer(String uri, String producerId) {
            webrtcbin.setAsString("bundle-policy", "max-bundle");
            pipeline.add(webrtcbin);
            DRIVER.prepare(webrtcbin);
            try (WebRtcBin bin = WebRtcBin.of(webrtcbin)) {
                GObjectLib.LIB.g_object_unref(bin.addTransceiver(TransceiverDirection.RECVONLY, VP8_RECV));
            }
            DRIVER.onIceCandidate(webrtcbin, (mline, candidate) -> {
                if (sessionId != null) {
                    signaller.sendIceCandidate(sessionId, IceCandidate.of(candidate, mline));
                }
            });
            webrtcbin.connect((Element.PAD_ADDED) (e, pad) -> decode(pipeline, pad, firstFrame, firstFrameAt));
            pipeline.play();
            signaller.set("uri", uri);
            signaller.set("producer-peer-id", producerId);
            startedAt = System.nanoTime(); // from here the consumer asks for a session
            signaller.start(new SignallerListener() {
                @Override public void sessionStarted(String sid, String peer) { sessionId = sid; }
                @Override public void sessionDescription(String sid, SessionDescription offer) {
                    CONTROL.execute(() -> {
                        DRIVER.setRemoteDescription(webrtcbin, offer);
                        SessionDescription answer = SessionDescription.answer(DRIVER.createAnswer(webrtcbin));
                        DRIVER.setLocalDescription(webrtcbin, answer);
                        signaller.sendSessionDescription(sid, answer);
                    });
                }
                @Override public void iceCandidate(String sid, IceCandidate c) {
                    DRIVER.addIceCandidate(webrtcbin, c);
                }
            });
        }

        double firstFrameMillis() throws InterruptedException {
            if (!firstFrame.await(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("no decoded frame within 30 s");
            }
            return (firstFrameAt.get() - startedAt) / 1e6;
        }

        /** Decoded frames per second over a window (counts with a probe: bench code only). */
        double fps(int seconds) throws InterruptedException {
            AtomicLong frames = new AtomicLong();
            Element out = null;
            for (Element e : pipeline.getElementsRecursive()) {
                if (e.getName().startsWith("out")) {
                    out = e;
                }
            }
            if (out == null) {
                throw new IllegalStateException("no decoding branch");
            }
            out.getStaticPad("sink").addProbe(PadProbeType.BUFFER, (p, info) -> {
                frames.incrementAndGet();
                return PadProbeReturn.OK;
            });
            long t0 = System.nanoTime();
            Thread.sleep(seconds * 1000L); // the measurement window
            return frames.get() / ((System.nanoTime() - t0) / 1e9);
        }

        @Override
        public void close() {
            if (sessionId != null) {
                signaller.endSession(sessionId);
            }
            signaller.stop();
            pipeline.setState(State.NULL);
            webrtcbin.dispose();
            pipeline.dispose();
        }
    }

    /** decodebin → fakesink; a one-shot probe stamps the first decoded frame, then removes itself. */
    static void decode(Pipeline pipeline, Pad pad, CountDownLatch firstFrame, AtomicLong firstFrameAt) {
        if (pad.getDirection() != PadDirection.SRC) {
            return;
        }
        Element decodebin = ElementFactory.make("decodebin", null);
        decodebin.connect((Element.PAD_ADDED) (d, decoded) -> {
            Bin sink = Gst.parseBinFromDescription("queue ! fakesink sync=false name=out", true);
            pipeline.add(sink);
            sink.syncStateWithParent();
            sink.getElementByName("out").getStaticPad("sink").addProbe(PadProbeType.BUFFER, (p, info) -> {
                if (firstFrameAt.compareAndSet(0, System.nanoTime())) {
                    firstFrame.countDown();
                }
                return PadProbeReturn.REMOVE;
            });
            decoded.link(sink.getStaticPad("sink"));
        });
        pipeline.add(decodebin);
        decodebin.syncStateWithParent();
        pad.link(decodebin.getStaticPad("sink"));
    }

    // ---------------------------------------------------------------- hand-built baseline

    /** Two webrtcbins in this process exchanging SDP and ICE directly: no signalling server. */
    static final class Loopback implements AutoCloseable {
        final Pipeline sender;
        final Pipeline receiver = new Pipeline();
        final Element send;
        final Element recv = ElementFactory.make("webrtcbin", "recv");
        final CountDownLatch firstFrame = new CountDownLatch(1);
        final AtomicLong firstFrameAt = new AtomicLong();
        final Bin branch;

        /** Time from building both pipelines to the first decoded frame. */
        static double timeToFirstFrameMillis() throws InterruptedException {
            long t0 = System.nanoTime();
            try (Loopback l = started()) {
                return (l.firstFrameAt.get() - t0) / 1e6;
            }
        }

        /** A sender and a receiver pipeline, negotiated, with a frame decoded. */
        static Loopback started() throws InterruptedException {
            Loopback l = new Loopback((Pipeline) Gst.parseLaunch(VIDEO + " ! tee name=t allow-not-linked=true"));
            if (!l.firstFrame.await(30, TimeUnit.SECONDS)) {
                l.close();
                throw new IllegalStateException("baseline: no decoded frame within 30 s");
            }
            return l;
        }

        private Loopback(Pipeline source) {
            this.sender = source;
            branch = Gst.parseBinFromDescription("queue leaky=downstream max-size-buffers=0 max-size-bytes=0"
                    + " max-size-time=500000000 ! valve name=gate drop=true drop-mode=forward-sticky-events ! videoconvert ! " + VP8ENC + " ! rtpvp8pay pt=96 mtu=1200 ! "
                    + VP8_RECV.replace("clock-rate=(int)90000", "clock-rate=(int)90000, payload=(int)96")
                    + " ! webrtcbin name=send bundle-policy=max-bundle", true);
            send = branch.getElementByName("send");
            DRIVER.prepare(send);
            sender.add(branch);
            Element tee = sender.getElementByName("t");
            tee.getRequestPad("src_%u").link(branch.getStaticPad("sink"));
            recv.setAsString("bundle-policy", "max-bundle");
            receiver.add(recv);
            DRIVER.prepare(recv);
            try (WebRtcBin bin = WebRtcBin.of(recv)) {
                GObjectLib.LIB.g_object_unref(bin.addTransceiver(TransceiverDirection.RECVONLY, VP8_RECV));
            }
            DRIVER.onIceCandidate(send, (m, c) -> CONTROL.execute(() -> DRIVER.addIceCandidate(recv, IceCandidate.of(c, m))));
            DRIVER.onIceCandidate(recv, (m, c) -> CONTROL.execute(() -> DRIVER.addIceCandidate(send, IceCandidate.of(c, m))));
            recv.connect((Element.PAD_ADDED) (e, pad) -> decode(receiver, pad, firstFrame, firstFrameAt));
            receiver.play();
            sender.play();
            try {
                CONTROL.submit(() -> {
                    SessionDescription offer = SessionDescription.offer(DRIVER.createOffer(send));
                    DRIVER.setLocalDescription(send, offer);
                    DRIVER.setRemoteDescription(recv, offer);
                    SessionDescription answer = SessionDescription.answer(DRIVER.createAnswer(recv));
                    DRIVER.setLocalDescription(recv, answer);
                    DRIVER.setRemoteDescription(send, answer);
                    return null;
                }).get(20, TimeUnit.SECONDS);
                // Let video in once DTLS is up, so the encoder's first (key) frame is not lost:
                // webrtcsink does the same by asking for a key frame when a session connects.
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
                while (!"connected".equals(DRIVER.connectionState(send)) && System.nanoTime() < deadline) {
                    Thread.sleep(2); // polling the connection state with a deadline
                }
                branch.getElementByName("gate").set("drop", false);
            } catch (Exception e) {
                throw new IllegalStateException("baseline negotiation failed", e);
            }
        }

        @Override
        public void close() {
            receiver.setState(State.NULL);
            recv.dispose();
            receiver.dispose();
            sender.setState(State.NULL);
            sender.dispose();
        }
    }
}
