package dev.webrtcsink.engine.src;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The element's live sessions by session id (one per producer), and the pad indexes their streams hold.
 *
 * <p>Pad names: the lowest index of the kind free across the element. A single session gets {@code video_0},
 * {@code audio_0}, ... as upstream (its renegotiations count up, since its pads stay); a second producer's streams
 * get {@code video_1}, {@code audio_1}; an index is freed when its session ends and reused by a later one.
 *
 * <p>Threading: changed on the element's control thread only; read anywhere ({@code dump()}), hence synchronized.
 */
final class SessionTable {
    private static final String VIDEO = "video_";
    private static final String AUDIO = "audio_";

    /** How many ended session ids to remember: events still queued for them are expected, not suspicious. */
    private static final int ENDED_REMEMBERED = 64;

    private final Map<String, ReceiveSession> byId = new LinkedHashMap<>();
    private final Map<String, Boolean> recentlyEnded = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > ENDED_REMEMBERED;
        }
    };
    private final BitSet videoIndexes = new BitSet();
    private final BitSet audioIndexes = new BitSet();

    synchronized ReceiveSession get(String sessionId) {
        return byId.get(sessionId);
    }

    synchronized void add(ReceiveSession session) {
        byId.put(session.sessionId(), session);
    }

    /** Removes {@code session} if it is the one live under its id; returns whether it was. */
    synchronized boolean remove(ReceiveSession session) {
        boolean removed = byId.remove(session.sessionId(), session);
        if (removed) {
            recentlyEnded.put(session.sessionId(), Boolean.TRUE);
        }
        return removed;
    }

    /** Whether {@code sessionId} was live here not long ago (late ICE candidates and ends arrive for those). */
    synchronized boolean endedRecently(String sessionId) {
        return recentlyEnded.containsKey(sessionId);
    }

    synchronized boolean isEmpty() {
        return byId.isEmpty();
    }

    synchronized int size() {
        return byId.size();
    }

    /** The live sessions, oldest first (a copy). */
    synchronized List<ReceiveSession> all() {
        return new ArrayList<>(byId.values());
    }

    /** Takes the lowest free pad name of the kind; give it back with {@link #releasePadName}. */
    synchronized String reservePadName(boolean video) {
        BitSet used = video ? videoIndexes : audioIndexes;
        int index = used.nextClearBit(0);
        used.set(index);
        return (video ? VIDEO : AUDIO) + index;
    }

    /** Frees a name from {@link #reservePadName} once its pad is gone. */
    synchronized void releasePadName(String name) {
        boolean video = name.startsWith(VIDEO);
        (video ? videoIndexes : audioIndexes).clear(Integer.parseInt(name.substring((video ? VIDEO : AUDIO).length())));
    }

    synchronized String dump() {
        return byId.isEmpty() ? "no session" : byId.size() + " session(s), pad indexes video " + videoIndexes
                + " audio " + audioIndexes;
    }
}
