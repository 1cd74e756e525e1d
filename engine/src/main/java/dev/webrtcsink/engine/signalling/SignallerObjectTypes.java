package dev.webrtcsink.engine.signalling;

import dev.webrtcsink.api.PropertySpec;
import dev.webrtcsink.api.SignallerFactory;
import dev.webrtcsink.engine.element.EnumDef;
import dev.webrtcsink.engine.element.ObjectType;
import dev.webrtcsink.engine.element.PropertyDef;
import dev.webrtcsink.engine.element.SignalDef;
import dev.webrtcsink.engine.element.ValueType;
import dev.webrtcsink.engine.natives.GstWebRtcLibs;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One GObject type per {@link SignallerFactory} ({@code GstJavaSignaller<Name>}), whose properties are the factory's
 * {@link PropertySpec}s, so that elements can expose their signaller as a ChildProxy child
 * ({@code signaller::uri=ws://...}) and as an object property. Types are made on first use and live for the process.
 */
public final class SignallerObjectTypes {
    /** Signaller-side signals of signallable.md §2 that elements emit (the hooks applications connect to). */
    public static final String MUNGE_SESSION_DESCRIPTION = "munge-session-description";
    public static final String CONSUMER_ADDED = "consumer-added";
    public static final String CONSUMER_REMOVED = "consumer-removed";
    public static final String WEBRTCBIN_READY = "webrtcbin-ready";
    /** The interface property every signaller has (signallable.md §1). */
    public static final String MANUAL_SDP_MUNGING = "manual-sdp-munging";

    private static final Map<String, ObjectType<SignallerObject>> TYPES = new ConcurrentHashMap<>();

    private SignallerObjectTypes() {}

    /** The (registered) GObject type of signallers made by {@code factory}. */
    public static ObjectType<SignallerObject> forFactory(SignallerFactory factory) {
        ObjectType<SignallerObject> type = TYPES.computeIfAbsent(factory.name(), n -> build(factory));
        type.register();
        return type;
    }

    static String typeName(SignallerFactory factory) {
        StringBuilder sb = new StringBuilder("GstJavaSignaller");
        for (String part : factory.name().split("[^A-Za-z0-9]+")) {
            if (!part.isEmpty()) {
                sb.append(part.substring(0, 1).toUpperCase(Locale.ROOT)).append(part.substring(1));
            }
        }
        return sb.toString();
    }

    private static ObjectType<SignallerObject> build(SignallerFactory factory) {
        // the signal parameter type must exist in GLib before our class is initialised
        GstWebRtcLibs.WebRtc.LIB.gst_webrtc_session_description_get_type();
        String typeName = typeName(factory);
        ObjectType.Builder<SignallerObject> b = ObjectType.builder(typeName, inst -> new SignallerObject(inst, factory));
        boolean hasManualMunging = false;
        for (PropertySpec spec : factory.properties()) {
            b.property(toPropertyDef(typeName, spec));
            hasManualMunging |= spec.name().equals(MANUAL_SDP_MUNGING);
        }
        if (!hasManualMunging) {
            b.property(PropertyDef.bool(MANUAL_SDP_MUNGING).readOnly()
                    .blurb("Whether the signaller rewrites SDP itself (munge-session-description is then not emitted)")
                    .build());
        }
        ValueType description = ValueType.named("GstWebRTCSessionDescription");
        b.signal(SignalDef.named(MUNGE_SESSION_DESCRIPTION).params(ValueType.STRING, description).returns(description)
                .accumulator(SignalDef.Accumulator.FIRST_WINS)
                .classHandler((self, args) -> args[1]) // default: send unchanged
                .build());
        for (String s : List.of(CONSUMER_ADDED, CONSUMER_REMOVED, WEBRTCBIN_READY)) {
            b.signal(SignalDef.named(s).params(ValueType.STRING, ValueType.ELEMENT).build());
        }
        return b.build();
    }

    /** PropertySpec (api, GStreamer-free) to GParamSpec description. */
    static PropertyDef toPropertyDef(String typeName, PropertySpec spec) {
        PropertyDef.Builder p = switch (spec.type()) {
            case STRING -> PropertyDef.string(spec.name()).defaultValue(spec.defaultValue());
            case BOOLEAN -> PropertyDef.bool(spec.name())
                    .defaultValue(spec.defaultValue() == null ? Boolean.FALSE : spec.defaultValue());
            case INT -> withDefault(PropertyDef.intRange(spec.name(), (int) spec.min(), (int) spec.max()), spec);
            case LONG -> withDefault(PropertyDef.int64Range(spec.name(), spec.min(), spec.max()), spec);
            case DOUBLE -> withDefault(PropertyDef.doubleRange(spec.name(), spec.min(), spec.max()), spec);
            case ENUM -> {
                EnumDef.Builder e = EnumDef.builder(typeName + camel(spec.name()));
                List<String> values = new ArrayList<>(spec.enumValues());
                for (int i = 0; i < values.size(); i++) {
                    e.member(i, values.get(i).toUpperCase(Locale.ROOT).replace('-', '_'), values.get(i));
                }
                yield withDefault(PropertyDef.enumeration(spec.name(), e.build()), spec);
            }
            case STRUCTURE -> PropertyDef.structure(spec.name()).defaultValue(spec.defaultValue());
        };
        if (!spec.description().isEmpty()) {
            p.blurb(spec.description());
        }
        if (!spec.writable()) {
            p.readOnly();
        }
        return p.build();
    }

    private static PropertyDef.Builder withDefault(PropertyDef.Builder b, PropertySpec spec) {
        return spec.defaultValue() == null ? b : b.defaultValue(spec.defaultValue());
    }

    private static String camel(String dashed) {
        StringBuilder sb = new StringBuilder();
        for (String part : dashed.split("-")) {
            if (!part.isEmpty()) {
                sb.append(part.substring(0, 1).toUpperCase(Locale.ROOT)).append(part.substring(1));
            }
        }
        return sb.toString();
    }
}
