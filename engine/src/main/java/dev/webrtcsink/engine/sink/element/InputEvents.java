package dev.webrtcsink.engine.sink.element;

import com.sun.jna.Pointer;
import com.sun.jna.ptr.PointerByReference;
import dev.webrtcsink.engine.element.JavaObject;
import dev.webrtcsink.engine.natives.GstLib;
import dev.webrtcsink.engine.natives.NativeSupport;
import org.freedesktop.gstreamer.Pad;
import org.freedesktop.gstreamer.glib.Natives;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The event function of webrtcsink's request pads: CAPS events go to the element, which may refuse them (the event
 * then fails, so upstream sees not-negotiated instead of silently streaming mismatched data); EOS and STREAM_START are
 * reported so the element can post EOS once every input ended. Everything is then forwarded to the pad's target by
 * GStreamer's default. Events only — buffers never reach Java.
 */
final class InputEvents {
    private static final Logger LOG = LoggerFactory.getLogger(InputEvents.class);
    private static final GstLib GST = GstLib.LIB;

    /** Offset of {@code GstEvent.type} (after the 64-byte GstMiniObject on LP64); verified on first use. */
    private static final long EVENT_TYPE_OFFSET = 64;
    /** GST_EVENT_CAPS = GST_EVENT_MAKE_TYPE(50, DOWNSTREAM | SERIALIZED | STICKY): checks the offset. */
    private static final int EVENT_CAPS = 50 << 8 | 2 | 4 | 8;
    /** The other types are read from real events once the offset is known (their numbers vary by version). */
    private static volatile int eventEos = -1;
    private static volatile int eventStreamStart = -1;
    private static volatile int eventFlushStop = -1;

    /** What the element does with an input's events. */
    interface Receiver {
        /** @return false to refuse the caps (the CAPS event fails) */
        boolean inputCaps(String padName, String caps);

        void inputEos(String padName);

        void inputRestarted(String padName);
    }

    private static volatile boolean verified;

    private static final GstLib.PadEventFunction EVENT_FUNCTION = NativeSupport.keep(InputEvents::onEvent, "gst-pad-event");

    private InputEvents() {}

    /** Installs the event function on one of our ghost pads. */
    static void install(Pad pad) {
        verifyLayout();
        GST.gst_pad_set_event_function_full(Natives.getRawPointer(pad), EVENT_FUNCTION, null, null);
    }

    private static boolean onEvent(Pointer pad, Pointer parent, Pointer event) {
        try {
            Receiver receiver = parent == null ? null
                    : JavaObject.fromPointer(parent, WebRTCSinkElement.class).map(e -> (Receiver) e.inputEvents()).orElse(null);
            if (receiver != null) {
                int type = event.getInt(EVENT_TYPE_OFFSET);
                if (type == EVENT_CAPS) {
                    PointerByReference caps = new PointerByReference();
                    GST.gst_event_parse_caps(event, caps);
                    String text = NativeSupport.takeString(GST.gst_caps_to_string(caps.getValue()));
                    if (!receiver.inputCaps(NativeSupport.objectName(pad), text)) {
                        GST.gst_mini_object_unref(event);
                        return false;
                    }
                } else if (type == eventEos) {
                    receiver.inputEos(NativeSupport.objectName(pad));
                } else if (type == eventStreamStart || type == eventFlushStop) {
                    receiver.inputRestarted(NativeSupport.objectName(pad));
                }
            }
        } catch (Throwable t) {
            LOG.error("webrtcsink input event handling failed; forwarding the event", t);
        }
        return GST.gst_pad_event_default(pad, parent, event);
    }

    private static int typeOfNewEvent(Pointer event) {
        try {
            return event.getInt(EVENT_TYPE_OFFSET);
        } finally {
            GST.gst_mini_object_unref(event);
        }
    }

    /** Checks the hand-computed event layout and type numbers against real events once. */
    private static synchronized void verifyLayout() {
        if (verified) {
            return;
        }
        Pointer caps = GST.gst_caps_from_string("video/x-raw");
        Pointer capsEvent = GST.gst_event_new_caps(caps);
        GST.gst_mini_object_unref(caps);
        int capsType = typeOfNewEvent(capsEvent);
        if (capsType != EVENT_CAPS) {
            throw new IllegalStateException("GstEvent layout differs from the one assumed (caps event type read as "
                    + capsType + ")");
        }
        eventEos = typeOfNewEvent(GST.gst_event_new_eos());
        eventStreamStart = typeOfNewEvent(GST.gst_event_new_stream_start("layout-check"));
        eventFlushStop = typeOfNewEvent(GST.gst_event_new_flush_stop(true));
        verified = true;
    }
}
