package io.clearhouse.support.json;

import com.fasterxml.jackson.annotation.JsonFormat;
import io.clearhouse.common.time.Rfc3339;
import java.time.Instant;
import java.time.LocalDate;
import java.util.function.Function;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.BeanProperty;
import tools.jackson.databind.DatabindContext;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.ValueSerializer;
import tools.jackson.databind.cfg.DateTimeFeature;
import tools.jackson.databind.ext.javatime.deser.InstantDeserializer;
import tools.jackson.databind.ext.javatime.deser.LocalDateDeserializer;
import tools.jackson.databind.ext.javatime.ser.InstantSerializer;
import tools.jackson.databind.ext.javatime.ser.LocalDateSerializer;
import tools.jackson.databind.jsontype.TypeSerializer;
import tools.jackson.databind.module.SimpleModule;

/**
 * Reads {@link Instant}s written as RFC 3339 strings and {@link LocalDate}s written as {@code yyyy-MM-dd}
 * through {@link Rfc3339} before Jackson's own deserializers, which parse them with {@code java.time}'s
 * general formatters (timestamps alone: 8-13 % of ingest's and settlement's CPU on batched ingest, JFR
 * 2026-12-03), and writes them as Jackson writes them by default, through {@link Rfc3339} too (Jackson's
 * formatter was 1-2 % of ingest's CPU writing outbox events). Anything else (another shape, a number, a
 * property with its own {@code @JsonFormat}, a mapper writing dates as numbers) goes to Jackson's own
 * (de)serializer unchanged, so every value is read, refused and written as before. Found by every mapper
 * that looks for modules ({@code META-INF/services/tools.jackson.databind.JacksonModule}): the Kafka
 * (de)serializers spring-kafka builds and Spring Boot's mapper.
 */
public final class FastTimestampsModule extends SimpleModule {

    private static final long serialVersionUID = 1L;

    public FastTimestampsModule() {
        super("clearhouse-fast-timestamps");
        addDeserializer(Instant.class, new Fast<>(Instant.class, Rfc3339::tryParse, InstantDeserializer.INSTANT));
        addDeserializer(LocalDate.class, new Fast<>(LocalDate.class, Rfc3339::tryParseDate,
                LocalDateDeserializer.INSTANCE));
        addSerializer(Instant.class, new FastWriter<>(Instant.class, Rfc3339::format, InstantSerializer.INSTANCE));
        addSerializer(LocalDate.class, new FastWriter<>(LocalDate.class, Rfc3339::formatDate,
                LocalDateSerializer.INSTANCE));
    }

    /**
     * Whether the property (or, without one, the mapper's defaults for the type) has no format of its
     * own (no pattern, shape, leniency, locale or zone): only then is the fast path in front. Jackson's
     * own (de)serializer may return a new instance on contextualization even without a format, so
     * identity says nothing.
     */
    private static boolean plain(DatabindContext ctxt, BeanProperty property, Class<?> type) {
        JsonFormat.Value format = property == null ? ctxt.getDefaultPropertyFormat(type)
                : property.findPropertyFormat(ctxt.getConfig(), type);
        return format == null || (!format.hasPattern() && !format.hasShape() && !format.hasLenient()
                && !format.hasLocale() && !format.hasTimeZone());
    }

    /**
     * Writes the value as Jackson's serializer writes it by default ({@code toString()}'s text), through
     * {@link Rfc3339}; a property with a format of its own, or a mapper writing dates as numbers or
     * truncating them, gets Jackson's serializer.
     */
    static final class FastWriter<T> extends ValueSerializer<T> {

        private final Class<T> type;
        private final Function<T, String> fast;
        private final ValueSerializer<T> jackson;

        FastWriter(Class<T> type, Function<T, String> fast, ValueSerializer<T> jackson) {
            this.type = type;
            this.fast = fast;
            this.jackson = jackson;
        }

        @Override
        public void serialize(T value, JsonGenerator g, SerializationContext ctxt) throws JacksonException {
            if (ctxt.isEnabled(DateTimeFeature.WRITE_DATES_AS_TIMESTAMPS)
                    || ctxt.isEnabled(DateTimeFeature.TRUNCATE_TO_MSECS_ON_WRITE)) {
                jackson.serialize(value, g, ctxt);
            } else {
                g.writeString(fast.apply(value));
            }
        }

        @Override
        public void serializeWithType(T value, JsonGenerator g, SerializationContext ctxt, TypeSerializer typeSer)
                throws JacksonException {
            jackson.serializeWithType(value, g, ctxt, typeSer);
        }

        @Override
        public ValueSerializer<?> createContextual(SerializationContext ctxt, BeanProperty property) {
            return plain(ctxt, property, type) ? this : jackson.createContextual(ctxt, property);
        }

        @Override
        public Class<?> handledType() {
            return type;
        }
    }

    /** The fast reading of a string when it applies, else Jackson's own deserializer. */
    static final class Fast<T> extends ValueDeserializer<T> {

        private final Class<T> type;
        private final Function<String, T> fast;
        private final ValueDeserializer<T> jackson;

        Fast(Class<T> type, Function<String, T> fast, ValueDeserializer<T> jackson) {
            this.type = type;
            this.fast = fast;
            this.jackson = jackson;
        }

        @Override
        public T deserialize(JsonParser p, DeserializationContext ctxt) throws JacksonException {
            if (p.hasToken(JsonToken.VALUE_STRING)) {
                T value = fast.apply(p.getString());
                if (value != null) {
                    return value;
                }
            }
            return jackson.deserialize(p, ctxt);
        }

        @Override
        public ValueDeserializer<?> createContextual(DeserializationContext ctxt, BeanProperty property) {
            return plain(ctxt, property, type) ? this : jackson.createContextual(ctxt, property);
        }

        @Override
        public Class<?> handledType() {
            return type;
        }
    }
}
