package dev.webrtcsink.engine.element;

import com.sun.jna.Callback;
import com.sun.jna.CallbackReference;
import com.sun.jna.Function;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;
import dev.webrtcsink.engine.natives.GObjectLib;
import dev.webrtcsink.engine.natives.GValues;
import dev.webrtcsink.engine.natives.GstLib;
import dev.webrtcsink.engine.natives.NativeSupport;
import dev.webrtcsink.engine.natives.Signals;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.freedesktop.gstreamer.Pad;
import org.freedesktop.gstreamer.StateChangeReturn;
import org.freedesktop.gstreamer.glib.Natives;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registers Java-described types with GLib and routes their vfuncs to Java. One set of static trampolines serves
 * every Java-defined type: each looks up the Java object from the instance pointer, and chains up to the class
 * struct of the closest native ancestor (Java-defined subclasses of Java-defined types dispatch in Java).
 *
 * <p>Every trampoline catches everything: an exception escaping into JNA would be swallowed and the C caller
 * would read garbage.
 */
final class NativeTypeSystem {
    private NativeTypeSystem() {}

    private static final Logger LOG = LoggerFactory.getLogger(NativeTypeSystem.class);
    private static final GObjectLib G = GObjectLib.LIB;
    private static final GstLib GST = GstLib.LIB;

    private static final Map<String, TypeModel> BY_NAME = new ConcurrentHashMap<>();
    private static final Map<Long, TypeModel> BY_GTYPE = new ConcurrentHashMap<>();
    private static final Map<Integer, PropertyDef> PROPERTIES_BY_ID = new ConcurrentHashMap<>();
    /** Property ids are unique across all our types (GLib only needs them unique per class). */
    private static final AtomicInteger NEXT_PROPERTY_ID = new AtomicInteger(1);
    /** The get_child_by_name each overriding type found in its ChildProxy vtable, by instance type. */
    private static final Map<Long, Pointer> PARENT_GET_CHILD_BY_NAME = new ConcurrentHashMap<>();
    /** Class references and interface infos GLib must keep for the process lifetime. */
    private static final List<Object> PINNED = new java.util.concurrent.CopyOnWriteArrayList<>();

    // ---------------------------------------------------------------- callback signatures
    interface ClassInit extends Callback { void invoke(Pointer klass, Pointer data); }
    interface InstanceInit extends Callback { void invoke(Pointer instance, Pointer klass); }
    interface PropertyFunc extends Callback { void invoke(Pointer object, int id, Pointer value, Pointer pspec); }
    interface Finalize extends Callback { void invoke(Pointer object); }
    interface ChangeState extends Callback { int invoke(Pointer element, int transition); }
    interface RequestNewPad extends Callback { Pointer invoke(Pointer element, Pointer templ, String name, Pointer caps); }
    interface ReleasePad extends Callback { void invoke(Pointer element, Pointer pad); }
    interface InterfaceInit extends Callback { void invoke(Pointer iface, Pointer data); }
    interface GetChildByName extends Callback { Pointer invoke(Pointer proxy, String name); }

    /**
     * GstPadTemplate.name_template follows the GstObject header; GstObject is 88 bytes on LP64 (GInitiallyUnowned
     * 24, lock 8, name 8, parent 8, flags 4+4, control_bindings 8, control_rate 8, last_sync 8, reserved 8).
     * Checked against the template's "name-template" property in {@link #register}.
     */
    static final int GST_PAD_TEMPLATE_NAME_OFFSET = 88;

    // ---------------------------------------------------------------- trampolines
    private static final String THREAD = "gst-java";

    private static final ClassInit CLASS_INIT = NativeSupport.keep((klass, data) -> {
        try {
            initClass(klass);
        } catch (Throwable t) {
            LOG.error("class_init of {} failed", G.g_type_name(klass.getLong(0)), t);
        }
    }, THREAD);

    private static final InstanceInit INSTANCE_INIT = NativeSupport.keep((instance, klass) -> {
        if (JavaObject.INSTANCES.containsKey(Pointer.nativeValue(instance))) {
            return; // instance_init runs once per level of a Java-on-Java hierarchy; the first one built it
        }
        TypeModel model = BY_GTYPE.get(klass.getLong(0));
        if (model == null) {
            LOG.error("instance of {} has no Java model (native subclasses of Java types are unsupported)",
                    G.g_type_name(klass.getLong(0)));
            return;
        }
        try {
            model.constructor.apply(new Instance(instance, model));
        } catch (Throwable t) {
            JavaObject half = JavaObject.INSTANCES.remove(Pointer.nativeValue(instance));
            if (half != null) {
                half.model.live.decrementAndGet();
            }
            LOG.error("constructing the Java side of {} failed", model.typeName, t);
        }
    }, THREAD);

    private static final PropertyFunc SET_PROPERTY = NativeSupport.keep((object, id, value, pspec) -> {
        try {
            JavaObject self = JavaObject.INSTANCES.get(Pointer.nativeValue(object));
            PropertyDef def = PROPERTIES_BY_ID.get(id);
            if (self == null || def == null) {
                LOG.error("set_property {} on an instance without Java side", G.g_param_spec_get_name(pspec));
                return;
            }
            self.setFromNative(def, def.fromGValue(value));
        } catch (Throwable t) {
            LOG.error("set_property {} failed", G.g_param_spec_get_name(pspec), t);
        }
    }, THREAD);

    private static final PropertyFunc GET_PROPERTY = NativeSupport.keep((object, id, value, pspec) -> {
        try {
            JavaObject self = JavaObject.INSTANCES.get(Pointer.nativeValue(object));
            PropertyDef def = PROPERTIES_BY_ID.get(id);
            if (self != null && def != null) {
                def.toGValue(value, self.read(def));
            }
        } catch (Throwable t) {
            LOG.error("get_property {} failed", G.g_param_spec_get_name(pspec), t);
        }
    }, THREAD);

    private static final Finalize FINALIZE = NativeSupport.keep(object -> {
        try {
            JavaObject self = JavaObject.INSTANCES.remove(Pointer.nativeValue(object));
            if (self != null) {
                self.disposeJavaSide();
            }
        } catch (Throwable t) {
            LOG.error("finalize failed", t);
        }
        // chain up even if Java failed, or the instance leaks
        TypeModel model = modelOfInstance(object);
        Pointer parentFinalize = model.nativeAncestorClass.getPointer(ClassLayout.OBJECT_FINALIZE);
        Function.getFunction(parentFinalize).invokeVoid(new Object[] {object});
    }, THREAD);

    private static final ChangeState CHANGE_STATE = NativeSupport.keep((element, transition) -> {
        StateChange change = StateChange.fromNative(transition);
        JavaElement self = JavaObject.fromPointer(element, JavaElement.class).orElse(null);
        if (self == null) {
            Pointer fn = modelOfInstance(element).nativeAncestorClass.getPointer(ClassLayout.ELEMENT_CHANGE_STATE);
            return Function.getFunction(fn).invokeInt(new Object[] {element, transition});
        }
        StateChangeReturn ret;
        try {
            ret = self.changeState(change);
        } catch (Throwable t) {
            LOG.error("{} change_state {} failed", self.typeName(), change, t);
            self.postError("State change " + change + " failed: " + t, stackTrace(t));
            ret = StateChangeReturn.FAILURE;
        }
        self.stateReached(change, ret);
        return ret.intValue();
    }, THREAD);

    private static final RequestNewPad REQUEST_NEW_PAD = NativeSupport.keep((element, templ, name, caps) -> {
        JavaElement self = JavaObject.fromPointer(element, JavaElement.class).orElse(null);
        if (self == null) {
            return null;
        }
        try {
            String templateName = NativeSupport.borrowString(templ.getPointer(GST_PAD_TEMPLATE_NAME_OFFSET));
            String capsText = caps == null ? null : NativeSupport.takeString(GST.gst_caps_to_string(caps));
            Pad pad = self.requestPad(templateName, name, capsText);
            return pad == null ? null : Natives.getRawPointer(pad); // transfer none: the element holds it
        } catch (Throwable t) {
            LOG.error("{} request_new_pad failed", self.typeName(), t);
            return null;
        }
    }, THREAD);


    private static final ReleasePad RELEASE_PAD = NativeSupport.keep((element, pad) -> {
        JavaElement self = JavaObject.fromPointer(element, JavaElement.class).orElse(null);
        if (self == null) {
            return;
        }
        try {
            self.releasePad(Natives.objectFor(pad, Pad.class, true, true));
        } catch (Throwable t) {
            LOG.error("{} release_pad failed", self.typeName(), t);
        }
    }, THREAD);

    private static final GetChildByName GET_CHILD_BY_NAME = NativeSupport.keep((proxy, name) -> {
        try {
            JavaElement self = JavaObject.fromPointer(proxy, JavaElement.class).orElse(null);
            Pointer child = self == null ? null : self.childByName(name);
            if (child != null) {
                return G.g_object_ref(child); // transfer full
            }
        } catch (Throwable t) {
            LOG.error("get_child_by_name {} failed", name, t);
            return null;
        }
        for (long t = Signals.typeOfInstance(proxy); t != 0; t = G.g_type_parent(t)) {
            Pointer parent = PARENT_GET_CHILD_BY_NAME.get(t);
            if (parent != null) {
                return (Pointer) Function.getFunction(parent).invoke(Pointer.class, new Object[] {proxy, name});
            }
        }
        return null;
    }, THREAD);

    private static final InterfaceInit CHILD_PROXY_INIT = NativeSupport.keep((iface, data) -> {
        // the vtable arrives pre-filled with the parent's implementation (GstBin's); keep it for fallback
        long instanceType = iface.getLong(8);
        Pointer parent = iface.getPointer(ClassLayout.CHILD_PROXY_GET_CHILD_BY_NAME);
        if (parent != null) {
            PARENT_GET_CHILD_BY_NAME.put(instanceType, parent);
        }
        iface.setPointer(ClassLayout.CHILD_PROXY_GET_CHILD_BY_NAME, CallbackReference.getFunctionPointer(GET_CHILD_BY_NAME));
    }, THREAD);

    // ---------------------------------------------------------------- registration

    static synchronized long register(TypeModel model) {
        if (model.gtype != 0) {
            return model.gtype;
        }
        ClassLayout.verify();
        if (BY_NAME.containsKey(model.typeName) || G.g_type_from_name(model.typeName) != 0) {
            throw new IllegalStateException("a GType named " + model.typeName + " already exists");
        }
        long parentType;
        if (model.javaParent != null) {
            parentType = register(model.javaParent);
            model.nativeAncestorClass = model.javaParent.nativeAncestorClass;
        } else {
            parentType = nativeType(model.nativeParentName);
            Pointer parentClass = G.g_type_class_ref(parentType); // never released: chain-up target
            model.nativeAncestorClass = parentClass;
        }
        if (model.element != null && !G.g_type_is_a(parentType, GST.gst_element_get_type())) {
            throw new IllegalArgumentException(model.typeName + ": element types need a GstElement parent");
        }
        GObjectLib.GTypeQuery q = new GObjectLib.GTypeQuery();
        G.g_type_query(parentType, q);
        q.read();
        BY_NAME.put(model.typeName, model);
        long type = G.g_type_register_static_simple(parentType, model.typeName, q.class_size, CLASS_INIT,
                q.instance_size, INSTANCE_INIT, 0);
        if (type == 0) {
            BY_NAME.remove(model.typeName);
            throw new IllegalStateException("GLib refused to register " + model.typeName);
        }
        BY_GTYPE.put(type, model);
        model.gtype = type;
        if (model.element != null && model.element.childProxy()) {
            GObjectLib.GInterfaceInfo info = new GObjectLib.GInterfaceInfo();
            info.interface_init = CHILD_PROXY_INIT;
            info.write();
            PINNED.add(info);
            G.g_type_add_interface_static(type, GST.gst_child_proxy_get_type(), info);
        }
        if (model.element != null && model.element.uriHandler() != null) {
            UriHandlerSupport.addTo(type, model.element.uriHandler()); // before gst_element_register reads it
        }
        PINNED.add(G.g_type_class_ref(type)); // runs class_init now, so its failures surface here
        if (model.element != null && model.element.factoryName() != null
                && !GST.gst_element_register(null, model.element.factoryName(), model.element.rank(), type)) {
            throw new IllegalStateException("could not register element factory " + model.element.factoryName());
        }
        return type;
    }

    private static long nativeType(String name) {
        long t = switch (name) {
            case "GstBin" -> GST.gst_bin_get_type();
            case "GstElement" -> GST.gst_element_get_type();
            case "GstObject" -> GST.gst_object_get_type();
            case "GstPad" -> GST.gst_pad_get_type();
            case "GstGhostPad" -> GST.gst_ghost_pad_get_type();
            default -> G.g_type_from_name(name);
        };
        if (t == 0) {
            throw new IllegalArgumentException("unknown parent GType " + name);
        }
        return t;
    }

    private static TypeModel modelOfInstance(Pointer instance) {
        for (long t = Signals.typeOfInstance(instance); t != 0; t = G.g_type_parent(t)) {
            TypeModel m = BY_GTYPE.get(t);
            if (m != null) {
                return m;
            }
        }
        throw new IllegalStateException("not an instance of a Java-defined type: " + instance);
    }

    private static void initClass(Pointer klass) {
        TypeModel model = BY_NAME.get(G.g_type_name(klass.getLong(0)));
        klass.setPointer(ClassLayout.OBJECT_SET_PROPERTY, CallbackReference.getFunctionPointer(SET_PROPERTY));
        klass.setPointer(ClassLayout.OBJECT_GET_PROPERTY, CallbackReference.getFunctionPointer(GET_PROPERTY));
        klass.setPointer(ClassLayout.OBJECT_FINALIZE, CallbackReference.getFunctionPointer(FINALIZE));
        for (PropertyDef p : model.ownProperties) {
            int id = NEXT_PROPERTY_ID.getAndIncrement();
            PROPERTIES_BY_ID.put(id, p);
            G.g_object_class_install_property(klass, id, p.newParamSpec());
        }
        long type = klass.getLong(0);
        for (SignalDef s : model.signals) {
            createSignal(type, s);
        }
        if (model.isElement()) {
            klass.setPointer(ClassLayout.ELEMENT_CHANGE_STATE, CallbackReference.getFunctionPointer(CHANGE_STATE));
            if (model.hasRequestTemplates()) {
                klass.setPointer(ClassLayout.ELEMENT_REQUEST_NEW_PAD, CallbackReference.getFunctionPointer(REQUEST_NEW_PAD));
                klass.setPointer(ClassLayout.ELEMENT_RELEASE_PAD, CallbackReference.getFunctionPointer(RELEASE_PAD));
            }
        }
        if (model.element != null) {
            TypeModel.ElementPart e = model.element;
            GST.gst_element_class_set_metadata(klass, e.longName(), e.klass(), e.description(), e.author());
            for (PadTemplateDef t : e.padTemplates()) {
                Pointer caps = GST.gst_caps_from_string(t.caps());
                if (caps == null) {
                    throw new IllegalArgumentException(model.typeName + ": invalid caps in template " + t.nameTemplate());
                }
                Pointer templ = t.padType() == null
                        ? GST.gst_pad_template_new(t.nameTemplate(), t.nativeDirection(), t.nativePresence(), caps)
                        : GST.gst_pad_template_new_with_gtype(t.nameTemplate(), t.nativeDirection(), t.nativePresence(),
                                caps, t.padType().gtype());
                GST.gst_mini_object_unref(caps);
                String readBack = NativeSupport.borrowString(templ.getPointer(GST_PAD_TEMPLATE_NAME_OFFSET));
                if (!t.nameTemplate().equals(readBack)) {
                    throw new IllegalStateException("GstPadTemplate layout differs: name_template read as " + readBack);
                }
                GST.gst_element_class_add_pad_template(klass, templ); // sinks the floating template
            }
        }
    }

    private static void createSignal(long type, SignalDef s) {
        Pointer closure = null;
        if (s.classHandler() != null) {
            SignalDef.ClassHandler handler = s.classHandler();
            closure = Signals.newClosure(args -> {
                JavaObject self = JavaObject.INSTANCES.get(Pointer.nativeValue((Pointer) args[0]));
                if (self == null) {
                    return null;
                }
                return handler.handle(self, Arrays.copyOfRange(args, 1, args.length));
            });
        }
        Pointer accumulator = s.accumulator().symbol == null ? null
                : NativeLibrary.getInstance("gobject-2.0").getFunction(s.accumulator().symbol);
        long[] params = s.params().stream().mapToLong(ValueType::gtype).toArray();
        int id = G.g_signal_newv(s.name(), type, s.flagBits(), closure, accumulator, null, null,
                s.returnType().gtype(), params.length, params.length == 0 ? null : params);
        if (id == 0) {
            throw new IllegalStateException("could not create signal " + s.name() + " on " + G.g_type_name(type));
        }
    }

    static String stackTrace(Throwable t) {
        java.io.StringWriter w = new java.io.StringWriter();
        t.printStackTrace(new java.io.PrintWriter(w));
        return w.toString();
    }

}
