package io.clearhouse.reporting.graphql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.clearhouse.support.problem.Problems;
import org.junit.jupiter.api.Test;

class CursorsTest {

    @Test
    void aCursorGivesBackTheKeysItWasMadeOf() {
        String cursor = Cursors.encode("activity", "2024-01-01", "acme", "brand:1", "EUR", "SLOTS");
        assertThat(Cursors.decode("activity", cursor, 5)).containsExactly("2024-01-01", "acme", "brand:1", "EUR",
                "SLOTS");
        assertThat(Cursors.decode("activity", null, 5)).isNull();
    }

    @Test
    void aCursorOfAnotherConnectionOrNotMadeHereIsRefusedNamingAfter() {
        String statement = Cursors.encode("statement", "2024-01-01", "s-1");
        assertThatThrownBy(() -> Cursors.decode("break", statement, 1)).isInstanceOfSatisfying(Problems.Invalid.class,
                e -> assertThat(e.field()).isEqualTo("after"));
        assertThatThrownBy(() -> Cursors.decode("break", "not base64 !", 1)).isInstanceOf(Problems.Invalid.class);
        assertThatThrownBy(() -> Cursors.decode("break", "x".repeat(Cursors.MAX_LENGTH + 1), 1))
                .isInstanceOf(Problems.Invalid.class);
    }

    @Test
    void aPageIsOneToTwoHundredAndFiftyWhenNotGiven() {
        assertThat(Arguments.first(null)).isEqualTo(50);
        assertThat(Arguments.first(Arguments.FIRST_MAX)).isEqualTo(200);
        assertThatThrownBy(() -> Arguments.first(0)).isInstanceOf(Problems.Invalid.class);
        assertThatThrownBy(() -> Arguments.first(201)).isInstanceOf(Problems.Invalid.class);
    }
}
