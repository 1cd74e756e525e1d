package dev.webrtcsink.engine.sink.element;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.webrtcsink.engine.element.JavaObject;
import dev.webrtcsink.engine.sink.element.SinkTestSupport.Producer;
import dev.webrtcsink.engine.testing.GstTesting;
import dev.webrtcsink.server.SignallingServer;
import java.io.File;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Consumers joining and leaving one webrtcsink many times: each session ends right after its answer, so the test
 * exercises session creation and teardown (pipelines, webrtcbins, taps, threads) rather than media. Threads, live
 * Java-defined GObjects, file descriptors and heap must stay within a small bound.
 */
class WebRTCSinkChurnTest {
    private static final int CYCLES = Integer.getInteger("webrtcsink.churn.cycles", 200);
    private static final int WARMUP = 10;

    @Test
    void joinLeaveCyclesDoNotLeak() throws Exception {
        SinkTestSupport.init();
        SignallingServer server = SinkTestSupport.startServer();
        String uri = "ws://127.0.0.1:" + server.port();
        AtomicInteger created = new AtomicInteger();
        AtomicInteger removed = new AtomicInteger();
        try (Producer p = Producer.standard(uri, "video-caps=video/x-vp8")) {
            p.sink.connect("consumer-pipeline-created", args -> created.incrementAndGet());
            p.sink.connect("consumer-removed", args -> removed.incrementAndGet());
            String producerId = p.playAndRegister();
            for (int i = 0; i < WARMUP; i++) {
                cycle(uri, producerId, p, i);
            }
            Usage before = Usage.measure();
            long start = System.nanoTime();
            for (int i = 0; i < CYCLES; i++) {
                cycle(uri, producerId, p, WARMUP + i);
            }
            long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);
            assertTrue(GstTesting.awaitWithGc(Duration.ofSeconds(20),
                    () -> Usage.measure().within(before, 12, 48, 6, 96L << 20)), "before " + before + ", after "
                    + Usage.measure() + " " + fdKinds() + "\n" + p.sink.dump());
            Usage after = Usage.measure();
            System.out.printf("churn: %d cycles in %d s; threads %d -> %d, fds %d -> %d, java objects %d -> %d, "
                            + "heap %d MB -> %d MB%n", CYCLES, seconds, before.threads, after.threads, before.fds, after.fds,
                    before.javaObjects, after.javaObjects, before.heap >> 20, after.heap >> 20);
            assertEquals(WARMUP + CYCLES, created.get(), "one consumer pipeline per cycle");
            assertEquals(created.get(), removed.get(), "every session removed");
            assertTrue(p.errors.isEmpty(), p.errors.toString());
        } finally {
            server.stop();
        }
    }

    private static void cycle(String uri, String producerId, Producer p, int i) throws InterruptedException {
        SignallingConsumer c = new SignallingConsumer("churn-" + i, uri, producerId, "VP8", true);
        try {
            assertTrue(c.answered.await(20, TimeUnit.SECONDS), "cycle " + i + ": " + c + "\n" + p.sink.dump());
        } finally {
            c.leave();
        }
        assertTrue(GstTesting.await(Duration.ofSeconds(20), () -> p.sink.controller().getSessions().isEmpty()),
                "cycle " + i + " session gone\n" + p.sink.dump());
    }

    /** Open file descriptors by kind (socket, anon_inode:[eventfd], pipe ...), for diagnosing a leak. */
    private static java.util.Map<String, Long> fdKinds() {
        java.util.Map<String, Long> kinds = new java.util.TreeMap<>();
        File[] fds = new File("/proc/self/fd").listFiles();
        for (File fd : fds == null ? new File[0] : fds) {
            try {
                String target = java.nio.file.Files.readSymbolicLink(fd.toPath()).toString();
                kinds.merge(target.replaceAll("[:\\[].*", ""), 1L, Long::sum);
            } catch (java.io.IOException e) {
                // closed while listing
            }
        }
        return kinds;
    }

    /** Process-wide resource usage. */
    private record Usage(int threads, int fds, int javaObjects, long heap) {
        static Usage measure() {
            System.gc();
            String[] fds = new File("/proc/self/fd").list();
            Runtime rt = Runtime.getRuntime();
            return new Usage(ManagementFactory.getThreadMXBean().getThreadCount(), fds == null ? -1 : fds.length,
                    JavaObject.liveInstances(), rt.totalMemory() - rt.freeMemory());
        }

        boolean within(Usage base, int threads, int fds, int javaObjects, long heap) {
            return this.threads <= base.threads + threads && this.fds <= base.fds + fds
                    && this.javaObjects <= base.javaObjects + javaObjects && this.heap <= base.heap + heap;
        }
    }
}
