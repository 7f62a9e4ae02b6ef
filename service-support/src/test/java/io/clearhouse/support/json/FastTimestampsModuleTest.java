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

    /** Every instant and date is written as Jackson alone writes it: edges of both ranges, then random ones. */
    @Test
    void writesEveryValueAsJacksonAloneDoes() {
        List<Event> events = new ArrayList<>();
        for (Instant i : List.of(Instant.MIN, Instant.MAX, Instant.EPOCH, Instant.parse("0000-01-01T00:00:00Z"),
                Instant.parse("-0001-12-31T23:59:59.999999999Z"), Instant.parse("9999-12-31T23:59:59.1Z"),
                Instant.parse("+10000-01-01T00:00:00Z"), Instant.parse("2026-11-25T10:15:30.123456Z"))) {
            events.add(new Event(i, null, java.time.LocalDate.ofEpochDay(i.getEpochSecond() / 86_400 % 3_000_000)));
        }
        events.add(new Event(null, null, java.time.LocalDate.MIN));
        events.add(new Event(null, null, java.time.LocalDate.MAX));
        java.util.Random r = new java.util.Random(20261203L);
        for (int k = 0; k < 2_000; k++) {
            int nanos = switch (r.nextInt(4)) {
                case 0 -> 0;
                case 1 -> r.nextInt(1_000) * 1_000_000;
                case 2 -> r.nextInt(1_000_000) * 1_000;
                default -> r.nextInt(1_000_000_000);
            };
            events.add(new Event(Instant.ofEpochSecond(r.nextLong(-62_200_000_000L, 253_500_000_000L), nanos),
                    Instant.ofEpochSecond(r.nextLong(0, 4_000_000_000L)),
                    java.time.LocalDate.ofEpochDay(r.nextLong(-720_000, 2_933_000))));
        }
        for (Event e : events) {
            assertThat(KAFKAS.writeValueAsString(e)).isEqualTo(PLAIN.writeValueAsString(e));
            assertThat(KAFKAS.writeValueAsString(Map.of("at", e.occurredAt() == null ? Instant.EPOCH : e.occurredAt())))
                    .as("an untyped value").isEqualTo(PLAIN.writeValueAsString(
                            Map.of("at", e.occurredAt() == null ? Instant.EPOCH : e.occurredAt())));
        }
    }

    /** A record's plain date and time properties, and untyped values, are written by the fast path. */
    @Test
    void plainValuesAreWrittenByTheFastPath() {
        JsonMapper mapper = JsonMapper.builder().addModule(new tools.jackson.databind.module.SimpleModule()
                .addSerializer(java.time.LocalDate.class, new FastTimestampsModule.FastWriter<>(java.time.LocalDate.class,
                        d -> "fast-date", tools.jackson.databind.ext.javatime.ser.LocalDateSerializer.INSTANCE))
                .addSerializer(Instant.class, new FastTimestampsModule.FastWriter<>(Instant.class, i -> "fast-instant",
                        tools.jackson.databind.ext.javatime.ser.InstantSerializer.INSTANCE))).build();
        assertThat(mapper.writeValueAsString(new Event(Instant.EPOCH, null, java.time.LocalDate.EPOCH)))
                .isEqualTo("{\"occurredAt\":\"fast-instant\",\"receivedAt\":null,\"businessDate\":\"fast-date\"}");
        assertThat(mapper.writeValueAsString(Map.of("at", Instant.EPOCH))).isEqualTo("{\"at\":\"fast-instant\"}");
    }

    /** A mapper writing dates as numbers, or truncating them, and a property's own format: Jackson's output. */
    @Test
    void leavesNumbersTruncationAndFormatsToJackson() {
        record Formatted(@com.fasterxml.jackson.annotation.JsonFormat(pattern = "dd.MM.yyyy") java.time.LocalDate d,
                         @com.fasterxml.jackson.annotation.JsonFormat(shape = com.fasterxml.jackson.annotation.JsonFormat.Shape.NUMBER) Instant i) {
        }
        Event e = new Event(Instant.parse("2026-11-25T10:15:30.123456789Z"), Instant.EPOCH,
                java.time.LocalDate.of(2026, 11, 25));
        for (tools.jackson.databind.cfg.DateTimeFeature f : List.of(
                tools.jackson.databind.cfg.DateTimeFeature.WRITE_DATES_AS_TIMESTAMPS,
                tools.jackson.databind.cfg.DateTimeFeature.TRUNCATE_TO_MSECS_ON_WRITE)) {
            String fast = KAFKAS.rebuild().enable(f).build().writeValueAsString(e);
            assertThat(fast).as(f.name()).isEqualTo(PLAIN.rebuild().enable(f).build().writeValueAsString(e))
                    .isNotEqualTo(PLAIN.writeValueAsString(e));
        }
        Formatted formatted = new Formatted(java.time.LocalDate.of(2026, 11, 25), Instant.parse("2026-11-25T10:15:30Z"));
        assertThat(KAFKAS.writeValueAsString(formatted)).isEqualTo(PLAIN.writeValueAsString(formatted))
                .contains("25.11.2026");
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
