package dev.webrtcsink.examples.customsignaller;

import dev.webrtcsink.api.AbstractSignaller;
import dev.webrtcsink.api.IceCandidate;
import dev.webrtcsink.api.Role;
import dev.webrtcsink.api.SessionDescription;
import dev.webrtcsink.api.SignallerListener;

/**
 * One side of a relay room. What a signaller does, in the SPI's terms:
 * <ul>
 *   <li>{@link #start} connects (here: joins the room named by the {@code room} property) and returns at once;</li>
 *   <li>the send methods hand the element's offer/answer, ICE candidates and session ends to the transport;</li>
 *   <li>what arrives is reported to the element's {@link SignallerListener}: a producer is asked for sessions
 *       ({@code sessionRequested} with no offer: webrtcsink makes the offer), a consumer learns that its session
 *       started, both get the other side's descriptions, candidates and session end;</li>
 *   <li>{@link #stop} returns once no event can follow (the relay delivers on its own thread and waits for it).</li>
 * </ul>
 * {@link AbstractSignaller} keeps the properties and the listener.
 */
final class RelaySignaller extends AbstractSignaller {
    private final Role role;
    private volatile Relay.Room room;

    RelaySignaller(Role role) {
        super(RelaySignallerFactory.PROPERTIES);
        this.role = role;
    }

    Role role() {
        return role;
    }

    /** Where the relay delivers this side's events. */
    SignallerListener events() {
        return listener();
    }

    @Override
    public void start(SignallerListener listener) {
        attach(listener);
        Relay.Room r = Relay.room(getString(RelaySignallerFactory.ROOM));
        room = r;
        r.join(this);
    }

    @Override
    public void stop() {
        Relay.Room r = room;
        room = null;
        if (r != null) {
            r.leave(this);
        }
        detach();
    }

    @Override
    public void sendSessionDescription(String sessionId, SessionDescription description) {
        send(new Relay.Message(Relay.Kind.DESCRIPTION, sessionId, description, null));
    }

    @Override
    public void sendIceCandidate(String sessionId, IceCandidate candidate) {
        send(new Relay.Message(Relay.Kind.CANDIDATE, sessionId, null, candidate));
    }

    @Override
    public void endSession(String sessionId) {
        send(new Relay.Message(Relay.Kind.END, sessionId, null, null));
    }

    private void send(Relay.Message message) {
        Relay.Room r = room;
        if (r != null) {
            r.send(this, message);
        }
    }

    @Override
    public String dump() {
        Relay.Room r = room;
        return "RelaySignaller(" + role + ", room " + getString(RelaySignallerFactory.ROOM)
                + (r == null ? ", not started)" : ", " + r.describe() + ")");
    }
}
