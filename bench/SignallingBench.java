// Signalling server benchmark: our server against a bare Java-WebSocket relay, same run, same load.
// Run with bench/run-signalling (it builds the class path); see docs/benchmarks.md for results.
//
// Modes:
//   SignallingBench [peers] [sessions] [messagesPerSession]   the benchmark (default 1000 100 200)
//   SignallingBench serve-ours | serve-bare                    a server child process (internal)
import dev.webrtcsink.server.SignallingServer;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.java_websocket.enums.ReadyState;
import org.java_websocket.handshake.ClientHandshake;
import org.java_websocket.server.WebSocketServer;

public class SignallingBench {

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].startsWith("serve-")) {
            serve(args[0]);
            return;
        }
        int peers = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int sessions = args.length > 1 ? Integer.parseInt(args[1]) : 100;
        int perSession = args.length > 2 ? Integer.parseInt(args[2]) : 200;
        System.out.printf("signalling benchmark: %d peers, %d concurrent sessions, %d relayed messages per session%n",
                peers, sessions, perSession);
        Result bare = run("serve-bare", peers, sessions, perSession);
        Result ours = run("serve-ours", peers, sessions, perSession);
        System.out.println();
        System.out.printf("%-28s %14s %14s %8s%n", "", "bare relay", "webrtcsink", "ratio");
        row("relay throughput (msg/s)", bare.throughput, ours.throughput, "%.0f");
        row("burst latency p50 (ms)", bare.burstP50, ours.burstP50, "%.1f");
        row("burst latency p99 (ms)", bare.burstP99, ours.burstP99, "%.1f");
        row("paced latency p50 (ms)", bare.p50, ours.p50, "%.2f");
        row("paced latency p99 (ms)", bare.p99, ours.p99, "%.2f");
        row("heap per idle peer (KiB)", bare.heapPerPeerKiB, ours.heapPerPeerKiB, "%.1f");
        row("connect all peers (ms)", bare.connectMillis, ours.connectMillis, "%.0f");
    }

    static void row(String name, double bare, double ours, String fmt) {
        System.out.printf("%-28s %14s %14s %8.2f%n", name, String.format(fmt, bare), String.format(fmt, ours),
                bare == 0 ? Double.NaN : ours / bare);
    }

    record Result(double throughput, double burstP50, double burstP99, double p50, double p99,
                  double heapPerPeerKiB, double connectMillis) {}

    record Relay(double throughput, double p50, double p99) {}

    /** Each producer sends {@code count} ICE messages stamped with nanoTime; consumers time them. */
    static Relay relay(String mode, List<Peer[]> pairs, String[] sessionIds, int count, long pauseMillis)
            throws Exception {
        int sessions = pairs.size();
        long[] latencies = new long[sessions * count];
        AtomicLong idx = new AtomicLong();
        CountDownLatch done = new CountDownLatch(sessions);
        ExecutorService senders = Executors.newFixedThreadPool(pauseMillis > 0 ? sessions : 4);
        long r0 = System.nanoTime();
        for (int s = 0; s < sessions; s++) {
            Peer producer = pairs.get(s)[0];
            Peer consumer = pairs.get(s)[1];
            String sid = sessionIds[s];
            senders.execute(() -> {
                try {
                    for (int m = 0; m < count; m++) {
                        producer.send("{\"type\":\"peer\",\"sessionId\":\"" + sid + "\",\"ice\":{\"candidate\":\"t"
                                + System.nanoTime() + "\",\"sdpMLineIndex\":0}}");
                        if (pauseMillis > 0) {
                            Thread.sleep(pauseMillis); // pacing is the point here, not a wait for a condition
                        }
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            new Thread(() -> {
                try {
                    for (int m = 0; m < count; m++) {
                        String msg = consumer.take("\"peer\"");
                        long sent = Long.parseLong(field(msg, "candidate").substring(1));
                        latencies[(int) idx.getAndIncrement()] = System.nanoTime() - sent;
                    }
                } catch (Exception e) {
                    e.printStackTrace();
                }
                done.countDown();
            }).start();
        }
        if (!done.await(120, TimeUnit.SECONDS)) {
            throw new IllegalStateException(mode + ": relay did not finish in 120 s");
        }
        double seconds = (System.nanoTime() - r0) / 1e9;
        senders.shutdownNow();
        long[] lat = Arrays.copyOf(latencies, (int) idx.get());
        Arrays.sort(lat);
        return new Relay(lat.length / seconds, lat[lat.length / 2] / 1e6, lat[(int) (lat.length * 0.99)] / 1e6);
    }

    // ---------------------------------------------------------------- driver

    static Result run(String mode, int peers, int sessions, int perSession) throws Exception {
        Process server = new ProcessBuilder(javaBin(), "-Xmx2g", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn", "-cp", System.getProperty("java.class.path"),
                // the launcher compiles this file in memory, so the child runs the source file too
                System.getProperty("bench.source", "bench/SignallingBench.java"), mode).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(server.getInputStream()));
        var in = server.getOutputStream();
        int port = Integer.parseInt(expect(out, "port "));
        long heapBefore = heap(in, out);
        HttpClient http = HttpClient.newBuilder().executor(Executors.newFixedThreadPool(4)).build();
        boolean bare = mode.equals("serve-bare");
        try {
            long t0 = System.nanoTime();
            List<Peer> all = new ArrayList<>();
            for (int i = 0; i < peers; i++) {
                all.add(Peer.connect(http, port));
            }
            for (int i = 0; i < all.size(); i++) {
                all.get(i).welcome(bare, i);
            }
            double connectMillis = (System.nanoTime() - t0) / 1e6;
            long heapAfter = heap(in, out);
            double heapPerPeer = (heapAfter - heapBefore) / 1024.0 / peers;

            // pair the first 2*sessions peers into sessions; the rest stay idle
            List<Peer[]> pairs = new ArrayList<>();
            for (int s = 0; s < sessions; s++) {
                Peer producer = all.get(2 * s);
                Peer consumer = all.get(2 * s + 1);
                pairs.add(new Peer[] {producer, consumer});
                if (!bare) {
                    producer.send("{\"type\":\"setPeerStatus\",\"roles\":[\"producer\"],\"meta\":null}");
                }
            }
            String[] sessionIds = new String[sessions];
            for (int s = 0; s < sessions; s++) {
                Peer producer = pairs.get(s)[0];
                Peer consumer = pairs.get(s)[1];
                if (bare) {
                    producer.take("paired");
                    consumer.take("paired");
                    sessionIds[s] = "bare-" + s;
                } else {
                    consumer.send("{\"type\":\"startSession\",\"peerId\":\"" + producer.id + "\"}");
                    sessionIds[s] = field(consumer.take("sessionStarted"), "sessionId");
                    producer.take("startSession");
                }
            }
            // burst: every producer sends as fast as it can (throughput, latency under saturation)
            Relay burst = relay(mode, pairs, sessionIds, perSession, 0);
            // paced: each session sends one message every 20 ms (latency of a loaded, unsaturated server)
            Relay paced = relay(mode, pairs, sessionIds, Math.min(perSession, 100), 20);
            for (Peer p : all) {
                p.ws.abort();
            }
            return new Result(burst.throughput, burst.p50, burst.p99, paced.p50, paced.p99, heapPerPeer, connectMillis);
        } finally {
            server.destroy();
            server.waitFor(10, TimeUnit.SECONDS);
            ((ExecutorService) http.executor().orElseThrow()).shutdownNow();
        }
    }

    static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    static long heap(java.io.OutputStream in, BufferedReader out) throws Exception {
        in.write("heap\n".getBytes());
        in.flush();
        return Long.parseLong(expect(out, "heap "));
    }

    static String expect(BufferedReader out, String prefix) throws Exception {
        for (String line; (line = out.readLine()) != null; ) {
            if (line.startsWith(prefix)) {
                return line.substring(prefix.length()).trim();
            }
        }
        throw new IllegalStateException("server child exited before printing '" + prefix + "'");
    }

    static final Pattern FIELD = Pattern.compile("\"(\\w+)\"\\s*:\\s*\"([^\"]*)\"");

    static String field(String json, String name) {
        Matcher m = FIELD.matcher(json);
        while (m.find()) {
            if (m.group(1).equals(name)) {
                return m.group(2);
            }
        }
        throw new IllegalArgumentException("no field " + name + " in " + json);
    }

    /** One client connection; received text frames queue up for the driver. */
    static final class Peer implements WebSocket.Listener {
        final LinkedBlockingQueue<String> inbox = new LinkedBlockingQueue<>();
        final StringBuilder partial = new StringBuilder();
        WebSocket ws;
        String id;

        static Peer connect(HttpClient http, int port) {
            Peer p = new Peer();
            p.ws = http.newWebSocketBuilder().buildAsync(URI.create("ws://127.0.0.1:" + port + "/"), p).join();
            return p;
        }

        void welcome(boolean bare, int index) throws InterruptedException {
            if (bare) { // the bare relay pairs peers by the index they announce
                id = "bare-" + index;
                send("hello " + index);
            } else {
                id = field(take("welcome"), "peerId");
            }
        }

        synchronized void send(String text) {
            ws.sendText(text, true).join();
        }

        String take(String contains) throws InterruptedException {
            while (true) {
                String m = inbox.poll(30, TimeUnit.SECONDS);
                if (m == null) {
                    throw new IllegalStateException("no message containing " + contains + " within 30 s");
                }
                if (m.contains(contains)) {
                    return m;
                }
            }
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                inbox.add(partial.toString());
                partial.setLength(0);
            }
            webSocket.request(1);
            return null;
        }
    }

    // ---------------------------------------------------------------- server children

    static void serve(String mode) throws Exception {
        AutoCloseable server;
        int port;
        if (mode.equals("serve-ours")) {
            SignallingServer s = SignallingServer.builder().host("127.0.0.1").port(0).build();
            s.start();
            port = s.port();
            server = s::stop;
        } else {
            BareRelay relay = new BareRelay();
            relay.start();
            relay.started.await();
            port = relay.getPort();
            server = relay::stop;
        }
        System.out.println("port " + port);
        BufferedReader stdin = new BufferedReader(new InputStreamReader(System.in));
        for (String line; (line = stdin.readLine()) != null; ) {
            if (line.equals("heap")) {
                for (int i = 0; i < 3; i++) {
                    System.gc();
                    Thread.sleep(100); // let reference processing settle between collections
                }
                System.out.println("heap " + ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
            }
        }
        server.close();
    }

    /** Baseline: a bare Java-WebSocket server pairing connections by announced index and relaying text. */
    static final class BareRelay extends WebSocketServer {
        final CountDownLatch started = new CountDownLatch(1);
        final Map<org.java_websocket.WebSocket, org.java_websocket.WebSocket> partner = new ConcurrentHashMap<>();
        final Map<Integer, org.java_websocket.WebSocket> byIndex = new ConcurrentHashMap<>();

        BareRelay() {
            super(new InetSocketAddress("127.0.0.1", 0));
            setReuseAddr(true);
            setTcpNoDelay(true); // as our server does: otherwise Nagle's delay dominates paced latency
        }

        @Override
        public void onOpen(org.java_websocket.WebSocket conn, ClientHandshake handshake) {}

        @Override
        public void onMessage(org.java_websocket.WebSocket conn, String message) {
            if (message.startsWith("hello ")) { // pairs 2k with 2k+1
                int index = Integer.parseInt(message.substring(6));
                byIndex.put(index, conn);
                var other = byIndex.get(index ^ 1);
                if (other != null) {
                    partner.put(conn, other);
                    partner.put(other, conn);
                    conn.send("paired");
                    other.send("paired");
                }
                return;
            }
            var other = partner.get(conn);
            if (other != null && other.getReadyState() == ReadyState.OPEN) {
                other.send(message);
            }
        }

        @Override public void onClose(org.java_websocket.WebSocket c, int code, String reason, boolean remote) {}
        @Override public void onError(org.java_websocket.WebSocket c, Exception ex) {}
        @Override public void onStart() { started.countDown(); }
    }
}
