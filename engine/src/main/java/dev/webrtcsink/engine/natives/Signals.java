package dev.webrtcsink.engine.natives;

import com.sun.jna.Callback;
import com.sun.jna.Memory;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Emitting GObject signals and attaching Java handlers to them, with one generic marshaller: every Java handler is a
 * GClosure whose marshal function decodes the GValues with {@link GValues}, so no per-signature JNA callback types
 * are needed. Handlers run on the emitting thread.
 */
public final class Signals {
    private Signals() {}

    private static final Logger LOG = LoggerFactory.getLogger(Signals.class);
    private static final GObjectLib G = GObjectLib.LIB;
    /** Larger than sizeof(GClosure) (32 on LP64); g_closure_new_simple only needs "at least". */
    private static final int CLOSURE_SIZE = 64;

    /** A Java signal handler or class handler. */
    @FunctionalInterface
    public interface Handler {
        /**
         * @param args the emission's values: {@code args[0]} is the emitting instance (a borrowed Pointer), then the
         *             signal's parameters mapped as {@link GValues} describes (borrowed)
         * @return the signal's return value (ignored for void signals; null leaves the default)
         */
        Object invoke(Object[] args) throws Exception;
    }

    interface Marshal extends Callback {
        void invoke(Pointer closure, Pointer returnValue, int nParams, Pointer params, Pointer hint, Pointer data);
    }

    interface ClosureNotify extends Callback {
        void invoke(Pointer data, Pointer closure);
    }

    /** Live Java closures by native address; entries leave when GLib finalizes the closure. */
    private static final Map<Long, Handler> HANDLERS = new ConcurrentHashMap<>();

    private static final Marshal MARSHAL = NativeSupport.keep((closure, returnValue, nParams, params, hint, data) -> {
        Handler handler = HANDLERS.get(Pointer.nativeValue(closure));
        if (handler == null) {
            return;
        }
        try {
            Object[] args = new Object[nParams];
            for (int i = 0; i < nParams; i++) {
                args[i] = GValues.read(params.share((long) i * GValues.SIZE));
            }
            Object result = handler.invoke(args);
            if (returnValue != null && GValues.typeOf(returnValue) != 0 && result != null) {
                GValues.write(returnValue, result);
            }
        } catch (Throwable t) {
            // JNA would swallow it and return garbage; log and leave the default return value
            LOG.error("signal handler failed", t);
        }
    }, "gst-signal");

    private static final ClosureNotify FORGET = NativeSupport.keep(
            (data, closure) -> HANDLERS.remove(Pointer.nativeValue(closure)), "gst-signal");

    /** A new floating GClosure calling {@code handler}; whoever sinks it owns it. */
    public static Pointer newClosure(Handler handler) {
        Pointer closure = G.g_closure_new_simple(CLOSURE_SIZE, null);
        HANDLERS.put(Pointer.nativeValue(closure), handler);
        G.g_closure_set_marshal(closure, MARSHAL);
        G.g_closure_add_finalize_notifier(closure, null, FORGET);
        return closure;
    }

    /** Number of Java closures GLib still holds (diagnostics and leak tests). */
    public static int liveClosures() {
        return HANDLERS.size();
    }

    /** The GType of a GTypeInstance. */
    public static long typeOfInstance(Pointer instance) {
        return instance.getPointer(0).getLong(0);
    }

    /**
     * Connects a Java handler. The connection does not keep {@code instance} alive; disconnect only while it lives.
     *
     * @throws IllegalArgumentException if the instance has no such signal
     */
    public static SignalConnection connect(Pointer instance, String detailedSignal, boolean after, Handler handler) {
        int[] id = new int[1];
        int[] detail = new int[1];
        if (!G.g_signal_parse_name(detailedSignal, typeOfInstance(instance), id, detail, true)) {
            throw new IllegalArgumentException(G.g_type_name(typeOfInstance(instance)) + " has no signal '" + detailedSignal + "'");
        }
        Pointer closure = newClosure(handler);
        NativeLong handlerId = G.g_signal_connect_closure(instance, detailedSignal, closure, after);
        return new SignalConnection(instance, handlerId);
    }

    /**
     * Emits a signal with Java arguments converted to the signal's parameter types.
     *
     * @return the return value mapped by {@link GValues}; object and boxed results are new references owned by the
     *         caller (release with g_object_unref / g_boxed_free), null for void signals
     */
    public static Object emit(Pointer instance, String detailedSignal, Object... args) {
        long instanceType = typeOfInstance(instance);
        int[] id = new int[1];
        int[] detail = new int[1];
        if (!G.g_signal_parse_name(detailedSignal, instanceType, id, detail, false)) {
            throw new IllegalArgumentException(G.g_type_name(instanceType) + " has no signal '" + detailedSignal + "'");
        }
        GObjectLib.GSignalQuery query = new GObjectLib.GSignalQuery();
        G.g_signal_query(id[0], query);
        if (args.length != query.n_params) {
            throw new IllegalArgumentException("signal '" + detailedSignal + "' takes " + query.n_params
                    + " arguments, got " + args.length);
        }
        long[] paramTypes = query.n_params == 0 ? new long[0] : query.param_types.getLongArray(0, query.n_params);
        long returnType = query.return_type & ~1L; // drop G_SIGNAL_TYPE_STATIC_SCOPE
        Memory values = GValues.allocate(args.length + 1);
        Memory ret = null;
        try {
            G.g_value_init(values, instanceType);
            G.g_value_set_object(values, instance);
            for (int i = 0; i < args.length; i++) {
                Pointer v = values.share((long) (i + 1) * GValues.SIZE);
                G.g_value_init(v, paramTypes[i] & ~1L);
                try {
                    GValues.write(v, args[i]);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("argument " + i + " of signal '" + detailedSignal + "': " + e.getMessage(), e);
                }
            }
            if (returnType != GValues.G_TYPE_NONE) {
                ret = GValues.newValue(returnType);
            }
            G.g_signal_emitv(values, id[0], detail[0], ret);
            return ret == null ? null : takeResult(ret, returnType);
        } finally {
            for (int i = 0; i <= args.length; i++) {
                GValues.unset(values.share((long) i * GValues.SIZE));
            }
            if (ret != null) {
                GValues.unset(ret);
            }
        }
    }

    private static Object takeResult(Pointer ret, long returnType) {
        Object value = GValues.read(ret);
        if (value instanceof Pointer p) {
            long fundamental = G.g_type_fundamental(returnType);
            if (fundamental == GValues.G_TYPE_OBJECT || fundamental == GValues.G_TYPE_INTERFACE) {
                return G.g_object_ref(p);
            }
            if (fundamental == GValues.G_TYPE_BOXED) {
                return G.g_boxed_copy(returnType, p);
            }
        }
        return value;
    }
}
