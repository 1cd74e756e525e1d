package dev.webrtcsink.engine.gst;

import com.sun.jna.Pointer;
import dev.webrtcsink.engine.natives.GObjectLib;
import dev.webrtcsink.engine.natives.ObjectProperties;
import dev.webrtcsink.engine.natives.SignalConnection;
import dev.webrtcsink.engine.natives.Signals;
import java.util.function.Consumer;

/**
 * An owned reference to a GstWebRTCDataChannel. Handlers run on webrtcbin's threads: hand work off, never block.
 */
public final class DataChannel implements AutoCloseable {
    private final Pointer channel;
    private boolean closed;

    /** Takes ownership of one reference. */
    DataChannel(Pointer ownedChannel) {
        this.channel = ownedChannel;
    }

    /** Adds a reference to a borrowed channel (e.g. from on-data-channel). */
    static DataChannel borrow(Pointer channel) {
        return new DataChannel(GObjectLib.LIB.g_object_ref(channel));
    }

    public Pointer pointer() {
        return channel;
    }

    public String label() {
        return (String) ObjectProperties.get(channel, "label");
    }

    /** GstWebRTCDataChannelState as int: 1 connecting, 2 open, 3 closing, 4 closed. */
    public int readyState() {
        return (Integer) ObjectProperties.get(channel, "ready-state");
    }

    public void sendString(String text) {
        Signals.emit(channel, "send-string", text);
    }

    public SignalConnection onOpen(Runnable handler) {
        return Signals.connect(channel, "on-open", false, args -> {
            handler.run();
            return null;
        });
    }

    public SignalConnection onMessageString(Consumer<String> handler) {
        return Signals.connect(channel, "on-message-string", false, args -> {
            handler.accept((String) args[1]);
            return null;
        });
    }

    public SignalConnection onClose(Runnable handler) {
        return Signals.connect(channel, "on-close", false, args -> {
            handler.run();
            return null;
        });
    }

    /** Closes the channel (SCTP stream reset). */
    public void closeChannel() {
        Signals.emit(channel, "close");
    }

    /** Drops our reference (the channel itself stays open while webrtcbin has it). */
    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            GObjectLib.LIB.g_object_unref(channel);
        }
    }
}
