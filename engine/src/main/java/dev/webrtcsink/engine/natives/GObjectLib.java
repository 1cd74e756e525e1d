package dev.webrtcsink.engine.natives;

import com.sun.jna.Callback;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;
import com.sun.jna.Structure;

/** JNA bindings of libgobject-2.0 (types, objects, param specs, values, signals, closures). */
public interface GObjectLib extends Library {
    GObjectLib LIB = Native.load("gobject-2.0", GObjectLib.class);

    // ---- types
    long g_type_register_static_simple(long parent, String name, int classSize, Callback classInit,
                                       int instanceSize, Callback instanceInit, int flags);
    void g_type_query(long type, GTypeQuery query);
    long g_type_from_name(String name);
    String g_type_name(long type);
    long g_type_fundamental(long type);
    boolean g_type_is_a(long type, long isAType);
    long g_type_parent(long type);
    Pointer g_type_class_peek_parent(Pointer klass);
    Pointer g_type_class_ref(long type);
    void g_type_class_unref(Pointer klass);
    Pointer g_type_class_peek(long type);
    void g_type_add_interface_static(long instanceType, long interfaceType, GInterfaceInfo info);
    long g_strv_get_type();
    long g_error_get_type();

    // ---- enums
    long g_enum_register_static(String name, Pointer values);
    Pointer g_enum_get_value(Pointer enumClass, int value);
    Pointer g_enum_get_value_by_nick(Pointer enumClass, String nick);
    Pointer g_enum_get_value_by_name(Pointer enumClass, String name);

    // ---- objects
    Pointer g_object_new_with_properties(long type, int n, Pointer names, Pointer values);
    Pointer g_object_ref(Pointer obj);
    void g_object_unref(Pointer obj);
    Pointer g_object_ref_sink(Pointer obj);
    boolean g_object_is_floating(Pointer obj);
    void g_object_set_property(Pointer obj, String name, Pointer gvalue);
    void g_object_get_property(Pointer obj, String name, Pointer gvalue);
    void g_object_notify(Pointer obj, String name);
    Pointer g_object_class_find_property(Pointer klass, String name);
    void g_object_class_install_property(Pointer klass, int id, Pointer pspec);

    // ---- param specs (not STATIC_STRINGS: JNA's strings are temporary)
    Pointer g_param_spec_string(String name, String nick, String blurb, String def, int flags);
    /** {@code def} must be exactly 0 or 1 (JNA passes a Java true as -1, which GLib rejects here). */
    Pointer g_param_spec_boolean(String name, String nick, String blurb, int def, int flags);
    Pointer g_param_spec_int(String name, String nick, String blurb, int min, int max, int def, int flags);
    Pointer g_param_spec_uint(String name, String nick, String blurb, int min, int max, int def, int flags);
    Pointer g_param_spec_int64(String name, String nick, String blurb, long min, long max, long def, int flags);
    Pointer g_param_spec_uint64(String name, String nick, String blurb, long min, long max, long def, int flags);
    Pointer g_param_spec_double(String name, String nick, String blurb, double min, double max, double def, int flags);
    Pointer g_param_spec_enum(String name, String nick, String blurb, long enumType, int def, int flags);
    Pointer g_param_spec_boxed(String name, String nick, String blurb, long boxedType, int flags);
    Pointer g_param_spec_object(String name, String nick, String blurb, long objectType, int flags);
    String g_param_spec_get_name(Pointer pspec);

    // ---- values (GValue is 24 bytes, see GValues)
    Pointer g_value_init(Pointer value, long type);
    void g_value_unset(Pointer value);
    void g_value_set_boolean(Pointer v, boolean b);
    boolean g_value_get_boolean(Pointer v);
    void g_value_set_int(Pointer v, int i);
    int g_value_get_int(Pointer v);
    void g_value_set_uint(Pointer v, int i);
    int g_value_get_uint(Pointer v);
    void g_value_set_long(Pointer v, NativeLong l);
    NativeLong g_value_get_long(Pointer v);
    void g_value_set_ulong(Pointer v, NativeLong l);
    NativeLong g_value_get_ulong(Pointer v);
    void g_value_set_int64(Pointer v, long l);
    long g_value_get_int64(Pointer v);
    void g_value_set_uint64(Pointer v, long l);
    long g_value_get_uint64(Pointer v);
    void g_value_set_float(Pointer v, float f);
    float g_value_get_float(Pointer v);
    void g_value_set_double(Pointer v, double d);
    double g_value_get_double(Pointer v);
    void g_value_set_string(Pointer v, String s);
    Pointer g_value_get_string(Pointer v);
    void g_value_set_enum(Pointer v, int e);
    int g_value_get_enum(Pointer v);
    void g_value_set_flags(Pointer v, int f);
    int g_value_get_flags(Pointer v);
    void g_value_set_object(Pointer v, Pointer o);
    Pointer g_value_get_object(Pointer v);
    void g_value_set_boxed(Pointer v, Pointer b);
    Pointer g_value_get_boxed(Pointer v);
    void g_value_set_pointer(Pointer v, Pointer p);
    Pointer g_value_get_pointer(Pointer v);

    Pointer g_boxed_copy(long type, Pointer boxed);
    void g_boxed_free(long type, Pointer boxed);

    // ---- signals and closures
    int g_signal_newv(String name, long itype, int flags, Pointer classClosure, Pointer accumulator,
                      Pointer accuData, Pointer cMarshaller, long returnType, int nParams, long[] paramTypes);
    int g_signal_lookup(String name, long itype);
    void g_signal_query(int signalId, GSignalQuery query);
    boolean g_signal_parse_name(String detailedSignal, long itype, int[] signalId, int[] detail, boolean forceDetailQuark);
    void g_signal_emitv(Pointer instanceAndParams, int signalId, int detail, Pointer returnValue);
    NativeLong g_signal_connect_closure(Pointer instance, String detailedSignal, Pointer closure, boolean after);
    void g_signal_handler_disconnect(Pointer instance, NativeLong handlerId);
    boolean g_signal_handler_is_connected(Pointer instance, NativeLong handlerId);
    Pointer g_closure_new_simple(int sizeofClosure, Pointer data);
    void g_closure_set_marshal(Pointer closure, Callback marshal);
    void g_closure_add_finalize_notifier(Pointer closure, Pointer notifyData, Callback notify);
    Pointer g_closure_ref(Pointer closure);
    void g_closure_sink(Pointer closure);
    void g_closure_unref(Pointer closure);

    @Structure.FieldOrder({"type", "type_name", "class_size", "instance_size"})
    class GTypeQuery extends Structure {
        public long type;
        public Pointer type_name;
        public int class_size;
        public int instance_size;
    }

    @Structure.FieldOrder({"interface_init", "interface_finalize", "interface_data"})
    class GInterfaceInfo extends Structure {
        public Callback interface_init;
        public Pointer interface_finalize;
        public Pointer interface_data;
    }

    @Structure.FieldOrder({"signal_id", "signal_name", "itype", "signal_flags", "return_type", "n_params", "param_types"})
    class GSignalQuery extends Structure {
        public int signal_id;
        public String signal_name;
        public long itype;
        public int signal_flags;
        public long return_type;
        public int n_params;
        public Pointer param_types;
    }
}
