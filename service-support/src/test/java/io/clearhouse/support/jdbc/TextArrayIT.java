package io.clearhouse.support.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.clearhouse.testsupport.TestInfrastructure;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link TextArray} against the real PostgreSQL: what the server reads is exactly what was given, in
 * binary (as the driver sends arrays) and as the array literal, element by element and in order, NULLs,
 * empty strings, quotes, backslashes, braces and text beyond ASCII included; and the same as the
 * driver's own {@code createArrayOf("text", …)} gives.
 */
class TextArrayIT {

    private static final String[] AWKWARD = {"plain", "", null, "with \"quotes\"", "back\\slash", "{braces},comma",
        "NULL", " spaced ", "ünïcödé €", "한국어", "emoji 🎰", "tab\tnew\nline"};

    private final TestInfrastructure infra = TestInfrastructure.get();

    @Test
    void theServerReadsExactlyTheValuesGiven() throws Exception {
        try (Connection c = infra.superuserConnection()) {
            assertThat(roundTrip(c, new TextArray(AWKWARD))).containsExactly(AWKWARD);
            String[] many = new String[5_000];
            for (int i = 0; i < many.length; i++) {
                many[i] = i % 97 == 0 ? null : "value-" + i + "-".repeat(i % 7);
            }
            assertThat(roundTrip(c, new TextArray(many))).containsExactly(many);
            assertThat(roundTrip(c, new TextArray(new String[0]))).isEmpty();
            assertThat(roundTrip(c, new TextArray(new String[] {null}))).containsExactly((String) null);
        }
    }

    @Test
    void sameAsTheDriversOwnEncodingAndAsTheLiteral() throws Exception {
        try (Connection c = infra.superuserConnection()) {
            assertThat(roundTrip(c, new TextArray(AWKWARD))).containsExactly(roundTrip(c, c.createArrayOf("text", AWKWARD)));
            try (PreparedStatement ps = c.prepareStatement("SELECT ?::text[] IS NOT DISTINCT FROM ?::text[]")) {
                ps.setObject(1, new TextArray(AWKWARD));
                ps.setString(2, new TextArray(AWKWARD).getValue());
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    assertThat(rs.getBoolean(1)).isTrue();
                }
            }
        }
    }

    @Test
    void unnestKeepsTheOrder() throws Exception {
        try (Connection c = infra.superuserConnection();
             PreparedStatement ps = c.prepareStatement("SELECT a, n FROM unnest(?::text[]) WITH ORDINALITY AS t(a, n)")) {
            ps.setObject(1, new TextArray(AWKWARD));
            List<String> read = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    assertThat(rs.getLong(2)).isEqualTo(read.size() + 1);
                    read.add(rs.getString(1));
                }
            }
            assertThat(read).containsExactly(AWKWARD);
        }
    }

    private static String[] roundTrip(Connection c, Object array) throws Exception {
        try (PreparedStatement ps = c.prepareStatement("SELECT ?::text[]")) {
            if (array instanceof Array a) {
                ps.setArray(1, a);
            } else {
                ps.setObject(1, array);
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                Object[] values = (Object[]) rs.getArray(1).getArray();
                return Arrays.copyOf(values, values.length, String[].class);
            }
        }
    }
}
