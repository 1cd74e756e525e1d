package dev.webrtcsink.server.transport;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.java_websocket.WebSocketImpl;
import org.java_websocket.WebSocketListener;
import org.java_websocket.drafts.Draft;
import org.java_websocket.enums.Role;
import org.java_websocket.exceptions.IncompleteHandshakeException;
import org.java_websocket.exceptions.InvalidHandshakeException;
import org.java_websocket.handshake.ClientHandshake;

/**
 * One server-side connection that holds its HTTP upgrade request back until it is complete,
 * within {@value #MAX_REQUEST_HEAD_BYTES} bytes, and an {@link UpgradeCheck} has admitted it.
 *
 * <p>Why a subclass: the library can only refuse an upgrade with a fixed 404 response, and a
 * refused authentication must be a 401. So the request head is buffered here, parsed with the
 * library's own HTTP parser, checked, and then either replayed into the library unchanged or
 * answered with our own response. The connection is closed by the transport's sweep once the
 * response has been written (the library only closes refused upgrades when the client hangs up).
 *
 * <p>Threading: {@link #decode} runs on the one library worker thread that owns this
 * connection; {@link #refused} and {@link #createdNanos} are read by the event loop's sweep.
 */
final class GatedWebSocket extends WebSocketImpl {

    /** Decides on a complete upgrade request; returns null to admit, or the refusal. */
    @FunctionalInterface
    interface UpgradeCheck {
        Refusal check(GatedWebSocket socket, ClientHandshake request);
    }

    /** An HTTP error response for a refused upgrade. */
    record Refusal(int status, String statusText, String body, String extraHeaders) {}

    /** Upgrade requests are a few hundred bytes; a client sending more is not a WebSocket client. */
    static final int MAX_REQUEST_HEAD_BYTES = 16 * 1024;

    private final UpgradeCheck check;
    private final long createdNanos = System.nanoTime();
    private ByteBuffer requestHead = ByteBuffer.allocate(0);
    private boolean admitted;
    private volatile boolean refused;

    /**
     * @param check null admits every well-formed request; the request head is still buffered
     *     here, because the library would buffer an endless head without limit
     */
    GatedWebSocket(WebSocketListener listener, List<Draft> drafts, UpgradeCheck check) {
        super(listener, drafts);
        this.check = check;
    }

    long createdNanos() {
        return createdNanos;
    }

    boolean refused() {
        return refused;
    }

    @Override
    public void decode(ByteBuffer input) {
        if (refused) {
            input.position(input.limit()); // nothing more is read from a refused client
            return;
        }
        if (admitted) {
            super.decode(input);
            return;
        }
        requestHead = append(requestHead, input);
        if (requestHead.position() > MAX_REQUEST_HEAD_BYTES) {
            refuse(new Refusal(431, "Request Header Fields Too Large",
                    "upgrade request head over " + MAX_REQUEST_HEAD_BYTES + " bytes", ""));
            return;
        }
        ByteBuffer received = ByteBuffer.wrap(requestHead.array(), 0, requestHead.position());
        Refusal refusal;
        try {
            ClientHandshake request =
                    (ClientHandshake) Draft.translateHandshakeHttp(received.duplicate(), Role.SERVER);
            refusal = check == null ? null : check.check(this, request);
        } catch (IncompleteHandshakeException e) {
            return; // wait for the rest of the request head
        } catch (InvalidHandshakeException | ClassCastException e) {
            refusal = null; // not a valid upgrade: the library answers that itself
        }
        if (refusal != null) {
            refuse(refusal);
            return;
        }
        admitted = true;
        requestHead = null;
        super.decode(received); // replay everything, including any frame bytes after the head
    }

    private void refuse(Refusal refusal) {
        refused = true;
        requestHead = null;
        byte[] body = (refusal.body() + "\n").getBytes(StandardCharsets.UTF_8);
        String head = "HTTP/1.1 " + refusal.status() + " " + refusal.statusText() + "\r\n"
                + refusal.extraHeaders()
                + "Content-Type: text/plain; charset=utf-8\r\n"
                + "Content-Length: " + body.length + "\r\n"
                + "Connection: close\r\n\r\n";
        byte[] headBytes = head.getBytes(StandardCharsets.ISO_8859_1);
        ByteBuffer response = ByteBuffer.allocate(headBytes.length + body.length);
        response.put(headBytes).put(body).flip();
        outQueue.add(response);
        getWebSocketListener().onWriteDemand(this);
    }

    private static ByteBuffer append(ByteBuffer buffer, ByteBuffer input) {
        if (buffer.remaining() < input.remaining()) {
            int capacity = Math.max(buffer.capacity() * 2, buffer.position() + input.remaining());
            ByteBuffer bigger = ByteBuffer.allocate(capacity);
            buffer.flip();
            bigger.put(buffer);
            buffer = bigger;
        }
        buffer.put(input);
        return buffer;
    }
}
