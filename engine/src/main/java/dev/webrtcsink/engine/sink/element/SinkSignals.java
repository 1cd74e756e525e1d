package dev.webrtcsink.engine.sink.element;

import dev.webrtcsink.engine.element.SignalDef;
import dev.webrtcsink.engine.element.ValueType;
import java.util.List;

/** The signals of webrtcsink (spec §14) that the sink logic supports. */
final class SinkSignals {
    static final String CONSUMER_ADDED = "consumer-added";
    static final String CONSUMER_REMOVED = "consumer-removed";
    static final String CONSUMER_PIPELINE_CREATED = "consumer-pipeline-created";
    static final String GET_SESSIONS = "get-sessions";
    static final String ENCODER_SETUP = "encoder-setup";
    static final String PAYLOADER_SETUP = "payloader-setup";
    static final String REQUEST_ENCODED_FILTER = "request-encoded-filter";

    private SinkSignals() {}

    static List<SignalDef> all() {
        return List.of(
                SignalDef.named(CONSUMER_ADDED).params(ValueType.STRING, ValueType.ELEMENT).build(),
                SignalDef.named(CONSUMER_REMOVED).params(ValueType.STRING, ValueType.ELEMENT).build(),
                SignalDef.named(CONSUMER_PIPELINE_CREATED).params(ValueType.STRING, ValueType.named("GstPipeline"))
                        .build(),
                SignalDef.action(GET_SESSIONS).returns(ValueType.STRV)
                        .classHandler((self, args) -> ((WebRTCSinkElement) self).controller().getSessions()
                                .toArray(String[]::new))
                        .build(),
                // class handlers return FALSE: the controller then applies the default configuration (§9.1, §10.1)
                SignalDef.named(ENCODER_SETUP).params(ValueType.STRING, ValueType.STRING, ValueType.ELEMENT)
                        .returns(ValueType.BOOLEAN).accumulator(SignalDef.Accumulator.TRUE_HANDLED)
                        .classHandler((self, args) -> false).build(),
                SignalDef.named(PAYLOADER_SETUP).params(ValueType.STRING, ValueType.STRING, ValueType.ELEMENT)
                        .returns(ValueType.BOOLEAN).accumulator(SignalDef.Accumulator.TRUE_HANDLED)
                        .classHandler((self, args) -> false).build(),
                // (consumer id, stream name, encoded caps) -> element or NULL; the first handler decides
                SignalDef.named(REQUEST_ENCODED_FILTER).params(ValueType.STRING, ValueType.STRING, ValueType.CAPS)
                        .returns(ValueType.ELEMENT).accumulator(SignalDef.Accumulator.FIRST_WINS)
                        .classHandler((self, args) -> null).build());
    }
}
