package dev.webrtcsink.engine.element;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * An element type defined in Java (by default a GstBin subclass) and its element factory, so that
 * {@code Gst.parseLaunch("videotestsrc ! myfactory prop=1")} and gst_element_factory_make work in this process.
 * Immutable description; {@link #register()} is idempotent and registers the factory without a plugin.
 *
 * <pre>
 *   static final ElementType&lt;MySink&gt; TYPE = ElementType.builder("GstMySink", "mysink", MySink::new)
 *       .metadata("My sink", "Sink/Network", "Sends things", "Me &lt;me@example.org&gt;")
 *       .padTemplate(PadTemplateDef.requestSink("video_%u", "video/x-raw"))
 *       .property(PropertyDef.uintRange("max-bitrate", 1, 0xFFFFFFFFL).defaultValue(8192000L).mutableInReady().build())
 *       .signal(SignalDef.action("get-sessions").returns(ValueType.STRV).classHandler((self, a) -> ...).build())
 *       .childProxy()
 *       .build();
 * </pre>
 */
public final class ElementType<T extends JavaElement> {
    final TypeModel model;

    private ElementType(TypeModel model) {
        this.model = model;
    }

    /**
     * @param typeName    the GType name, e.g. "GstWebRTCSinkJava"
     * @param factoryName the element factory name used in pipeline strings, or null for an abstract base type
     * @param constructor builds the Java side of each new instance; it must call {@code super(instance)}
     */
    public static <T extends JavaElement> Builder<T> builder(String typeName, String factoryName,
                                                           Function<Instance, T> constructor) {
        return new Builder<>(typeName, factoryName, constructor);
    }

    public String typeName() {
        return model.typeName;
    }

    public String factoryName() {
        return model.element.factoryName();
    }

    /** Registers the type and its factory (once) and returns the GType. Requires GStreamer to be initialised. */
    public long register() {
        return NativeTypeSystem.register(model);
    }

    public long gtype() {
        return register();
    }

    /** Live instances of exactly this type (diagnostics, leak tests). */
    public int liveInstances() {
        return model.live.get();
    }

    /** Also takes {@link #parent(String)}, {@link #property(PropertyDef)} and {@link #signal(SignalDef)}. */
    public static final class Builder<T extends JavaElement> extends TypeBuilder<Builder<T>> {
        private final String factoryName;
        private int rank;
        private String longName;
        private String klass = "Generic";
        private String description;
        private String author = "webrtcsink-java";
        private boolean childProxy;
        private UriHandlerDef uriHandler;
        private final List<PadTemplateDef> templates = new ArrayList<>();

        private Builder(String typeName, String factoryName, Function<Instance, T> constructor) {
            super(typeName, constructor, "GstBin");
            this.factoryName = factoryName;
            this.longName = typeName;
            this.description = typeName;
        }

        /** A Java-defined element type to derive from; its properties, signals and templates are inherited. */
        public Builder<T> parent(ElementType<?> parent) {
            return javaParent(parent.model);
        }

        /** GstRank of the factory (0 = NONE, the right value for elements never auto-plugged). */
        public Builder<T> rank(int rank) {
            this.rank = rank;
            return this;
        }

        public Builder<T> metadata(String longName, String klass, String description, String author) {
            this.longName = Objects.requireNonNull(longName);
            this.klass = Objects.requireNonNull(klass);
            this.description = Objects.requireNonNull(description);
            this.author = Objects.requireNonNull(author);
            return this;
        }

        public Builder<T> padTemplate(PadTemplateDef template) {
            if (templates.stream().anyMatch(t -> t.nameTemplate().equals(template.nameTemplate()))) {
                throw new IllegalArgumentException("duplicate pad template " + template.nameTemplate());
            }
            templates.add(template);
            return this;
        }

        /**
         * Routes GstChildProxy's get_child_by_name to {@link JavaElement#childByName}, so pipeline strings can set
         * {@code child::property=value} on objects that are not bin children (e.g. a signaller).
         */
        public Builder<T> childProxy() {
            this.childProxy = true;
            return this;
        }

        /**
         * Implements GstURIHandler for these protocols (see {@link UriHandlerDef}); the element overrides
         * {@link JavaElement#uri()} and {@link JavaElement#setUri(String)}. Give the factory a rank of at least
         * MARGINAL (64) so that URI-based auto-plugging (playbin3) considers it.
         */
        public Builder<T> uriHandler(UriHandlerDef def) {
            this.uriHandler = Objects.requireNonNull(def, "def");
            return this;
        }

        public ElementType<T> build() {
            TypeModel.ElementPart part = new TypeModel.ElementPart(factoryName, rank, longName, klass, description,
                    author, List.copyOf(templates), childProxy, uriHandler);
            return new ElementType<>(model(part));
        }
    }
}
