package dev.webrtcsink.engine.natives;

import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;

/** A connected Java signal handler; {@link #disconnect()} is idempotent but must run while the instance lives. */
public final class SignalConnection {
    private final Pointer instance;
    private final NativeLong handlerId;
    private boolean disconnected;

    SignalConnection(Pointer instance, NativeLong handlerId) {
        this.instance = instance;
        this.handlerId = handlerId;
    }

    public synchronized void disconnect() {
        if (!disconnected && GObjectLib.LIB.g_signal_handler_is_connected(instance, handlerId)) {
            GObjectLib.LIB.g_signal_handler_disconnect(instance, handlerId);
        }
        disconnected = true;
    }
}
