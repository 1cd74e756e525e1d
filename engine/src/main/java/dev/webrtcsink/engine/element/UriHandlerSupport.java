package dev.webrtcsink.engine.element;

import com.sun.jna.Callback;
import com.sun.jna.CallbackReference;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import dev.webrtcsink.engine.natives.GLib;
import dev.webrtcsink.engine.natives.GObjectLib;
import dev.webrtcsink.engine.natives.GstLib;
import dev.webrtcsink.engine.natives.NativeSupport;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * GstURIHandler for Java-defined element types: the interface is added with g_type_add_interface_static before the
 * class is first referenced (gst_element_register reads the URI type and protocols from it), and its four vfuncs
 * are routed to the element's {@link UriHandlerDef} and to {@link JavaElement#uri()} / {@link JavaElement#setUri}.
 */
final class UriHandlerSupport {
    private UriHandlerSupport() {}

    private static final Logger LOG = LoggerFactory.getLogger(UriHandlerSupport.class);
    private static final GObjectLib G = GObjectLib.LIB;

    // GstURIHandlerInterface: GTypeInterface (g_type, g_instance_type), get_type, get_protocols, get_uri, set_uri
    private static final int GET_TYPE = 2 * 8;
    private static final int GET_PROTOCOLS = 3 * 8;
    private static final int GET_URI = 4 * 8;
    private static final int SET_URI = 5 * 8;
    /** GstURIError codes (UNSUPPORTED_PROTOCOL 0, BAD_URI 1, BAD_STATE 2, BAD_REFERENCE 3). */
    private static final int GST_URI_ERROR_BAD_URI = 1;
    private static final int GST_URI_ERROR_BAD_STATE = 2;

    /** Each URI-handling GType's definition and its NULL-terminated protocol array (static for GLib: never freed). */
    private record Handler(UriHandlerDef def, Memory protocols) {}

    private static final Map<Long, Handler> BY_GTYPE = new ConcurrentHashMap<>();
    private static final List<Object> PINNED = new CopyOnWriteArrayList<>();

    interface GetType extends Callback { int invoke(long type); }
    interface GetProtocols extends Callback { Pointer invoke(long type); }
    interface GetUri extends Callback { Pointer invoke(Pointer handler); }
    interface SetUri extends Callback { boolean invoke(Pointer handler, String uri, Pointer error); }
    interface InterfaceInit extends Callback { void invoke(Pointer iface, Pointer data); }

    private static final String THREAD = "gst-java";

    private static final GetType GET_TYPE_FN = NativeSupport.keep(type -> {
        Handler h = handlerOf(type);
        return h == null ? 0 : h.def().nativeUriType();
    }, THREAD);

    private static final GetProtocols GET_PROTOCOLS_FN = NativeSupport.keep(type -> {
        Handler h = handlerOf(type);
        return h == null ? null : h.protocols();
    }, THREAD);

    private static final GetUri GET_URI_FN = NativeSupport.keep(handler -> {
        try {
            JavaElement self = JavaObject.fromPointer(handler, JavaElement.class).orElse(null);
            String uri = self == null ? null : self.uri();
            return uri == null ? null : GLib.LIB.g_strdup(uri); // transfer full
        } catch (Throwable t) {
            LOG.error("get_uri failed", t);
            return null;
        }
    }, THREAD);

    private static final SetUri SET_URI_FN = NativeSupport.keep((handler, uri, error) -> {
        JavaElement self = JavaObject.fromPointer(handler, JavaElement.class).orElse(null);
        if (self == null) {
            setError(error, GST_URI_ERROR_BAD_STATE, "element has no Java side");
            return false;
        }
        try {
            self.setUri(uri);
            return true;
        } catch (IllegalStateException e) {
            setError(error, GST_URI_ERROR_BAD_STATE, e.getMessage());
        } catch (RuntimeException e) {
            setError(error, GST_URI_ERROR_BAD_URI, e.getMessage());
        } catch (Throwable t) {
            LOG.error("set_uri failed", t);
            setError(error, GST_URI_ERROR_BAD_URI, String.valueOf(t));
        }
        return false;
    }, THREAD);

    private static final InterfaceInit INIT = NativeSupport.keep((iface, data) -> {
        iface.setPointer(GET_TYPE, CallbackReference.getFunctionPointer(GET_TYPE_FN));
        iface.setPointer(GET_PROTOCOLS, CallbackReference.getFunctionPointer(GET_PROTOCOLS_FN));
        iface.setPointer(GET_URI, CallbackReference.getFunctionPointer(GET_URI_FN));
        iface.setPointer(SET_URI, CallbackReference.getFunctionPointer(SET_URI_FN));
    }, THREAD);

    /** Adds GstURIHandler to {@code type}; call before the class is referenced and before gst_element_register. */
    static void addTo(long type, UriHandlerDef def) {
        BY_GTYPE.put(type, new Handler(def, strv(def.protocols())));
        GObjectLib.GInterfaceInfo info = new GObjectLib.GInterfaceInfo();
        info.interface_init = INIT;
        info.write();
        PINNED.add(info);
        G.g_type_add_interface_static(type, GstLib.LIB.gst_uri_handler_get_type(), info);
    }

    /** The definition for {@code type} or its closest ancestor that has one (subclasses inherit the interface). */
    private static Handler handlerOf(long type) {
        for (long t = type; t != 0; t = G.g_type_parent(t)) {
            Handler h = BY_GTYPE.get(t);
            if (h != null) {
                return h;
            }
        }
        return null;
    }

    private static Memory strv(List<String> strings) {
        Memory array = new Memory((long) Native.POINTER_SIZE * (strings.size() + 1));
        array.clear();
        for (int i = 0; i < strings.size(); i++) {
            byte[] bytes = strings.get(i).getBytes(StandardCharsets.UTF_8);
            Memory s = new Memory(bytes.length + 1L);
            s.write(0, bytes, 0, bytes.length);
            s.setByte(bytes.length, (byte) 0);
            PINNED.add(s);
            array.setPointer((long) i * Native.POINTER_SIZE, s);
        }
        PINNED.add(array);
        return array;
    }

    private static void setError(Pointer error, int code, String message) {
        if (error != null) {
            GLib.LIB.g_set_error_literal(error, GstLib.LIB.gst_uri_error_quark(), code,
                    message == null ? "invalid URI" : message);
        }
    }
}
