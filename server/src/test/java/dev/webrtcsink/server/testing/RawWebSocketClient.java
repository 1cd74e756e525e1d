package dev.webrtcsink.server.testing;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * A deliberately simple, blocking WebSocket client on a plain socket: it does exactly what the
 * test says and nothing else. It never reads unless asked (a slow reader is a client that is
 * not asked), and answers Pings only while {@link #nextText} reads with auto-pong on (a dead
 * peer is a client that is never asked). No threads.
 */
public final class RawWebSocketClient implements AutoCloseable {
    public static final int TEXT = 1;
    public static final int BINARY = 2;
    public static final int CLOSE = 8;
    public static final int PING = 9;
    public static final int PONG = 10;

    /** One received frame. */
    public record Frame(int opcode, byte[] payload) {
        public String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }

        /** The status code of a Close frame, or -1. */
        public int closeCode() {
            return opcode == CLOSE && payload.length >= 2 ? ((payload[0] & 0xff) << 8) | (payload[1] & 0xff) : -1;
        }
    }

    private static final SecureRandom RANDOM = new SecureRandom();

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    public final int status;
    public final Map<String, String> responseHeaders;
    public final String responseBody;
    public boolean autoPong = true;
    public int pingsSeen;

    private RawWebSocketClient(Socket socket, int status, Map<String, String> headers, String body) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
        this.status = status;
        this.responseHeaders = headers;
        this.responseBody = body;
    }

    public static RawWebSocketClient connect(int port) throws IOException {
        return connect(port, "/", Map.of());
    }

    public static RawWebSocketClient connect(int port, String path, Map<String, String> headers) throws IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
        return handshake(socket, port, path, headers);
    }

    /** A client whose kernel receive buffer is small, so that not reading backs up quickly. */
    public static RawWebSocketClient connectWithSmallReceiveBuffer(int port) throws IOException {
        Socket socket = new Socket();
        socket.setReceiveBufferSize(4096);
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
        return handshake(socket, port, "/", Map.of());
    }

    public static RawWebSocketClient connectTls(int port, SSLContext context) throws IOException {
        SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket();
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
        socket.setSoTimeout(10_000);
        socket.startHandshake();
        return handshake(socket, port, "/", Map.of());
    }

    private static RawWebSocketClient handshake(Socket socket, int port, String path, Map<String, String> headers)
            throws IOException {
        socket.setSoTimeout(10_000);
        byte[] nonce = new byte[16];
        RANDOM.nextBytes(nonce);
        String key = Base64.getEncoder().encodeToString(nonce);
        StringBuilder request = new StringBuilder()
                .append("GET ").append(path).append(" HTTP/1.1\r\n")
                .append("Host: 127.0.0.1:").append(port).append("\r\n")
                .append("Upgrade: websocket\r\nConnection: Upgrade\r\n")
                .append("Sec-WebSocket-Key: ").append(key).append("\r\n")
                .append("Sec-WebSocket-Version: 13\r\n");
        headers.forEach((name, value) -> request.append(name).append(": ").append(value).append("\r\n"));
        request.append("\r\n");
        socket.getOutputStream().write(request.toString().getBytes(StandardCharsets.ISO_8859_1));
        socket.getOutputStream().flush();

        InputStream in = socket.getInputStream();
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException("connection closed during the handshake; got: " + head);
            }
            head.write(b);
        }
        String[] lines = head.toString(StandardCharsets.ISO_8859_1).split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        Map<String, String> responseHeaders = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) {
                responseHeaders.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
                        lines[i].substring(colon + 1).trim());
            }
        }
        String body = "";
        if (status == 101) {
            String expected = accept(key);
            if (!expected.equals(responseHeaders.get("sec-websocket-accept"))) {
                throw new IOException("bad Sec-WebSocket-Accept: " + responseHeaders);
            }
        } else if (responseHeaders.containsKey("content-length")) {
            body = new String(in.readNBytes(Integer.parseInt(responseHeaders.get("content-length"))),
                    StandardCharsets.UTF_8);
        }
        return new RawWebSocketClient(socket, status, responseHeaders, body);
    }

    private static String accept(String key) {
        try {
            MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
            byte[] digest = sha1.digest((key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11").getBytes(StandardCharsets.US_ASCII));
            return Base64.getEncoder().encodeToString(digest);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public void sendText(String text) throws IOException {
        sendFrame(TEXT, text.getBytes(StandardCharsets.UTF_8));
    }

    public void sendBinary(byte[] payload) throws IOException {
        sendFrame(BINARY, payload);
    }

    public void sendClose() throws IOException {
        sendFrame(CLOSE, new byte[] {0x03, (byte) 0xe8}); // 1000
    }

    /** One masked, final frame, as clients must send. */
    public synchronized void sendFrame(int opcode, byte[] payload) throws IOException {
        ByteArrayOutputStream frame = new ByteArrayOutputStream(payload.length + 14);
        frame.write(0x80 | opcode);
        if (payload.length < 126) {
            frame.write(0x80 | payload.length);
        } else if (payload.length < 65536) {
            frame.write(0x80 | 126);
            frame.write(payload.length >>> 8);
            frame.write(payload.length);
        } else {
            frame.write(0x80 | 127);
            long length = payload.length;
            for (int shift = 56; shift >= 0; shift -= 8) {
                frame.write((int) (length >>> shift));
            }
        }
        byte[] mask = new byte[4];
        RANDOM.nextBytes(mask);
        frame.write(mask);
        byte[] masked = payload.clone();
        for (int i = 0; i < masked.length; i++) {
            masked[i] ^= mask[i & 3];
        }
        frame.write(masked);
        out.write(frame.toByteArray());
        out.flush();
    }

    /** Writes bytes as they are: for truncated frames and protocol garbage. */
    public synchronized void sendRaw(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /**
     * A masked frame header announcing {@code length} payload bytes (mask key zero, so a payload
     * sent after it with {@link #sendRaw} goes out unchanged); for frames cut short on purpose.
     */
    public static byte[] frameHeader(int opcode, int length) {
        ByteArrayOutputStream h = new ByteArrayOutputStream(14);
        h.write(0x80 | opcode);
        if (length < 126) {
            h.write(0x80 | length);
        } else {
            h.write(0x80 | 126);
            h.write(length >>> 8);
            h.write(length);
        }
        h.writeBytes(new byte[4]);
        return h.toByteArray();
    }

    /**
     * The next frame, waiting up to {@code timeout}; null on end of stream.
     *
     * @throws SocketTimeoutException when nothing arrives in time
     */
    public Frame readFrame(Duration timeout) throws IOException {
        socket.setSoTimeout((int) Math.max(1, timeout.toMillis()));
        int first = in.read();
        if (first < 0) {
            return null;
        }
        int second = readByte();
        long length = second & 0x7f;
        if (length == 126) {
            length = (readByte() << 8) | readByte();
        } else if (length == 127) {
            length = 0;
            for (int i = 0; i < 8; i++) {
                length = (length << 8) | readByte();
            }
        }
        byte[] payload = in.readNBytes((int) length);
        if (payload.length < length) {
            return null;
        }
        return new Frame(first & 0x0f, payload);
    }

    /**
     * The next text message (answering Pings meanwhile if {@link #autoPong}); null when the
     * server closes the connection.
     */
    public String nextText(Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new SocketTimeoutException("no text message within " + timeout);
            }
            Frame frame = readFrame(Duration.ofNanos(left));
            if (frame == null || frame.opcode() == CLOSE) {
                return null;
            }
            if (frame.opcode() == PING) {
                pingsSeen++;
                if (autoPong) {
                    sendFrame(PONG, frame.payload());
                }
            } else if (frame.opcode() == TEXT) {
                return frame.text();
            }
        }
    }

    /** Reads until the server ends the connection; true if it did within {@code timeout}. */
    public boolean awaitServerClose(Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                Frame frame = readFrame(Duration.ofNanos(Math.max(1_000_000, deadline - System.nanoTime())));
                if (frame == null) {
                    return true;
                }
            } catch (SocketTimeoutException e) {
                return false;
            } catch (SocketException | EOFException e) {
                return true; // reset by the server
            }
        }
        return false;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    private int readByte() throws IOException {
        int b = in.read();
        if (b < 0) {
            throw new EOFException();
        }
        return b;
    }
}
