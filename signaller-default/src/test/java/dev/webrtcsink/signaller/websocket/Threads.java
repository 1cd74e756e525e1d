package dev.webrtcsink.signaller.websocket;

import java.util.List;

/** Finds threads of the signaller (its I/O thread and what Java-WebSocket starts for clients). */
final class Threads {
    private Threads() {}

    static List<String> signallerThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(Thread::isAlive)
                .filter(t -> t.getName().startsWith(ConnectionLoop.THREAD_PREFIX)
                        || t.getName().startsWith("WebSocketWriteThread")
                        || t.getName().startsWith("WebSocketConnectReadThread")
                        || (t.getThreadGroup() != null
                            && t.getThreadGroup().getName().startsWith(ConnectionLoop.THREAD_PREFIX)))
                .map(Thread::getName)
                .sorted()
                .toList();
    }
}
