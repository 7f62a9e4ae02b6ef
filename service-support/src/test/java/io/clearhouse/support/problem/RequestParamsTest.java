package io.clearhouse.support.problem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;

class RequestParamsTest {

    @Test
    void readsBoundedTextInstantsAndEnumNamesAndNamesTheFieldOfARefusal() {
        assertThat(RequestParams.bounded("note", "ok", 2)).isEqualTo("ok");
        assertThat(RequestParams.instant("from", "2026-12-01T01:00:00+01:00")).isEqualTo(Instant.parse("2026-12-01T00:00:00Z"));
        assertThat(RequestParams.instant("from", " ")).isNull();
        assertThat(RequestParams.code(" eur ")).isEqualTo("EUR");
        assertThat(RequestParams.code(" ")).isNull();
        assertThat(RequestParams.enumOf("unit", " days ", ChronoUnit.class)).isEqualTo(ChronoUnit.DAYS);
        assertThat(RequestParams.enumOf("unit", null, ChronoUnit.class)).isNull();
        assertThatThrownBy(() -> RequestParams.bounded("note", "long", 3))
                .isInstanceOfSatisfying(Problems.Invalid.class, e -> assertThat(e.field()).isEqualTo("note"));
        assertThatThrownBy(() -> RequestParams.instant("to", "2026-12-01"))
                .isInstanceOfSatisfying(Problems.Invalid.class, e -> assertThat(e.field()).isEqualTo("to"));
        assertThatThrownBy(() -> RequestParams.enumOf("unit", "fortnights", ChronoUnit.class))
                .isInstanceOfSatisfying(Problems.Invalid.class, e -> assertThat(e.field()).isEqualTo("unit"));
    }

    @Test
    void readsAWindowWhoseEndIsAfterItsStartNamingTheEndOtherwise() {
        assertThat(RequestParams.window("2026-12-01T00:00:00Z", null))
                .isEqualTo(new RequestParams.Window(Instant.parse("2026-12-01T00:00:00Z"), null));
        assertThat(RequestParams.window(null, " ")).isEqualTo(new RequestParams.Window(null, null));
        assertThatThrownBy(() -> RequestParams.window("2026-12-01T00:00:00Z", "2026-12-01T00:00:00Z"))
                .isInstanceOfSatisfying(Problems.Invalid.class, e -> assertThat(e.field()).isEqualTo("to"));
        assertThatThrownBy(() -> RequestParams.window("yesterday", null))
                .isInstanceOfSatisfying(Problems.Invalid.class, e -> assertThat(e.field()).isEqualTo("from"));
    }
}
