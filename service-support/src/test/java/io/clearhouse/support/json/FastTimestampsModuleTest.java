package io.clearhouse.support.json;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.support.JacksonMapperUtils;
import tools.jackson.databind.json.JsonMapper;

class FastTimestampsModuleTest {

    record Event(Instant occurredAt, Instant receivedAt, java.time.LocalDate businessDate) {
    }

    private static final JsonMapper KAFKAS = JacksonMapperUtils.enhancedJsonMapper();
    private static final JsonMapper PLAIN = JsonMapper.builder().build();

    @Test
    void theKafkaDeserializersMapperFindsTheModule() {
        assertThat(KAFKAS.registeredModules()).extracting(m -> m.getRegistrationId().toString())
                .anySatisfy(id -> assertThat(id).contains("clearhouse-fast-timestamps"));
    }

    /** Every input reads as Jackson alone reads it, or fails where it fails. */
    @Test
    void readsEveryInputAsJacksonAloneDoes() {
        List<String> values = List.of("\"2026-11-25T10:15:30Z\"", "\"2026-11-25T10:15:30.123456+09:00\"",
                "\"2026-11-25T10:15:30.1-05:30\"", "\"2026-11-25t10:15:30z\"", "\"2026-11-25T10:15:30+0900\"",
                "\"2026-02-30T10:15:30Z\"", "\"2026-11-25T10:15:30\"", "\"not a time\"", "\"\"", "1764065730",
                "1764065730.123456789", "null", "\"2026-11-25T10:15:30-00:00\"");
        for (String v : values) {
            String json = "{\"occurredAt\":" + v + ",\"receivedAt\":\"2026-11-25T10:15:31Z\"}";
            assertThat(read(KAFKAS, json)).as(v).isEqualTo(read(PLAIN, json));
        }
        for (String v : List.of("\"2026-11-25\"", "\"2024-02-29\"", "\"2025-02-29\"", "\"2026-11-25T10:15:30\"",
                "\"20261125\"", "\"\"", "[2026,11,25]", "null", "\"2026-1-5\"")) {
            String json = "{\"occurredAt\":\"2026-11-25T10:15:31Z\",\"businessDate\":" + v + "}";
            assertThat(read(KAFKAS, json)).as(v).isEqualTo(read(PLAIN, json));
        }
    }

    @Test
    void aCanonicalTimestampIsReadToTheNanosecond() {
        assertThat(KAFKAS.readValue("{\"occurredAt\":\"2026-11-25T10:15:30.123456789+09:00\"}", Event.class)
                .occurredAt()).isEqualTo(Instant.parse("2026-11-25T01:15:30.123456789Z"));
        assertThat(KAFKAS.readValue("{\"m\":\"2026-11-25T10:15:30Z\"}", Map.class).get("m"))
                .as("untyped values stay strings").isEqualTo("2026-11-25T10:15:30Z");
    }

    /** A record's plain date and time properties go through the fast reading (contextualization keeps it). */
    @Test
    void plainPropertiesAreReadByTheFastPath() {
        java.time.LocalDate marker = java.time.LocalDate.of(1, 1, 1);
        Instant instantMarker = Instant.EPOCH;
        JsonMapper mapper = JsonMapper.builder().addModule(new tools.jackson.databind.module.SimpleModule()
                .addDeserializer(java.time.LocalDate.class, new FastTimestampsModule.Fast<>(java.time.LocalDate.class,
                        s -> marker, tools.jackson.databind.ext.javatime.deser.LocalDateDeserializer.INSTANCE))
                .addDeserializer(Instant.class, new FastTimestampsModule.Fast<>(Instant.class, s -> instantMarker,
                        tools.jackson.databind.ext.javatime.deser.InstantDeserializer.INSTANT))).build();
        Event e = mapper.readValue("{\"occurredAt\":\"2026-11-25T10:15:31Z\",\"businessDate\":\"2026-11-25\"}",
                Event.class);
        assertThat(e.businessDate()).isEqualTo(marker);
        assertThat(e.occurredAt()).isEqualTo(instantMarker);
    }

    private static List<Object> read(JsonMapper mapper, String json) {
        List<Object> out = new ArrayList<>();
        try {
            Event e = mapper.readValue(json, Event.class);
            out.add(e.occurredAt());
            out.add(String.valueOf(e.receivedAt()));
            out.add(String.valueOf(e.businessDate()));
        } catch (Exception e) {
            out.add(e.getClass().getName());
        }
        return out;
    }
}
