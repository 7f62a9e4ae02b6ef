package io.clearhouse.reconciliation.statement;

import static org.assertj.core.api.Assertions.assertThat;

import io.clearhouse.common.transaction.TransactionRules;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LineParserTest {

    private static String[] values(Map<StatementField, String> m) {
        String[] v = new String[StatementField.values().length];
        m.forEach((f, s) -> v[f.ordinal()] = s);
        return v;
    }

    private static LineParser parser(ProviderSettings s) {
        return new LineParser(s, new String[StatementField.values().length]);
    }

    @Test
    void parsesAnIsoLineIntoMinorUnitsAndTheUtcBusinessDate() {
        List<LineError> errors = new ArrayList<>();
        StatementLine l = parser(ProviderSettings.defaults("p")).parse(2, values(Map.of(
                StatementField.PROVIDER_TX_ID, "t1", StatementField.TYPE, "bet", StatementField.AMOUNT, "12.5",
                StatementField.CURRENCY, "eur", StatementField.OCCURRED_AT, "2026-11-21T23:30:00-02:00")), errors);

        assertThat(errors).isEmpty();
        assertThat(l.amountMinor()).isEqualTo(1250);
        assertThat(l.currency()).isEqualTo("EUR");
        assertThat(l.type()).isEqualTo("BET");
        assertThat(l.occurredAt()).isEqualTo(Instant.parse("2026-11-22T01:30:00Z"));
        assertThat(l.businessDate()).isEqualTo(LocalDate.of(2026, 11, 22));
    }

    @Test
    void datesOutsideTheDatabasesRangeAndIdsWithControlCharactersAreLineErrorsNotAFailedCopy() {
        // found by HostileStatementPropertyIT: a year-0 occurredAt failed the whole COPY with a 500
        for (Map<StatementField, String> bad : List.of(
                Map.of(StatementField.OCCURRED_AT, "0000-06-15T00:00:00Z"),
                Map.of(StatementField.OCCURRED_AT, "+999999999-12-31T23:59:59Z"),
                Map.of(StatementField.BUSINESS_DATE, "0000-01-01"),
                Map.of(StatementField.BUSINESS_DATE, "+99999-01-01"),
                Map.of(StatementField.OCCURRED_AT, "2026-11-21T10:00:00Z", StatementField.PROVIDER_TX_ID, "a\u0000b"),
                Map.of(StatementField.OCCURRED_AT, "2026-11-21T10:00:00Z", StatementField.PROVIDER_TX_ID, "\ud800"))) {
            Map<StatementField, String> line = new java.util.EnumMap<>(Map.of(StatementField.PROVIDER_TX_ID, "t1",
                    StatementField.TYPE, "BET", StatementField.AMOUNT, "1.00", StatementField.CURRENCY, "EUR"));
            line.putAll(bad);
            List<LineError> errors = new ArrayList<>();
            assertThat(parser(ProviderSettings.defaults("p")).parse(2, values(line), errors)).as(bad.toString()).isNull();
            assertThat(errors).as(bad.toString()).hasSize(1);
        }
    }

    @Test
    void anIdLongerThanAnyTransactionIdIngestAcceptsIsALineError() {
        // found by HostileStatementPropertyIT (seed 3457673434346650578): a 150-character id was loaded, though
        // no recorded transaction can carry it (TransactionRules bounds ids at 128), so it could never match
        for (StatementField f : List.of(StatementField.PROVIDER_TX_ID, StatementField.ROUND_ID,
                StatementField.PLAYER_REF, StatementField.BRAND_ID, StatementField.GAME_ID)) {
            Map<StatementField, String> line = new java.util.EnumMap<>(Map.of(StatementField.PROVIDER_TX_ID, "t1",
                    StatementField.TYPE, "BET", StatementField.AMOUNT, "1.00", StatementField.CURRENCY, "EUR",
                    StatementField.OCCURRED_AT, "2026-11-21T10:00:00Z"));
            line.put(f, "x".repeat(TransactionRules.ID_MAX_LENGTH + 1));
            List<LineError> errors = new ArrayList<>();
            assertThat(parser(ProviderSettings.defaults("p")).parse(2, values(line), errors)).as(f.name()).isNull();
            assertThat(errors).as(f.name()).singleElement().extracting(LineError::reason).asString()
                    .contains("longer than " + TransactionRules.ID_MAX_LENGTH);
            line.put(f, "x".repeat(TransactionRules.ID_MAX_LENGTH));
            errors.clear();
            assertThat(parser(ProviderSettings.defaults("p")).parse(2, values(line), errors)).as(f.name()).isNotNull();
        }
    }

    @Test
    void aLineErrorQuotingAControlCharacterCanBeStored() {
        // found by HostileStatementPropertyIT: a NUL quoted in a reason failed the INSERT of the errors (a 500)
        LineError e = new LineError(3, "cur\u0000rency", "unknown currency 'E\u0000R' \ud800");
        assertThat(e.reason()).isEqualTo("unknown currency 'E\ufffdR' \ufffd");
        assertThat(e.column()).isEqualTo("cur\ufffdrency");
        assertThat(new LineError(1, "x".repeat(5_000), "r").column()).hasSize(LineError.COLUMN_CHARS_MAX);
    }

    @Test
    void appliesTheProvidersZoneCutOffDecimalCommaAndDateFormat() {
        ProviderSettings seoul = new ProviderSettings("p", ';', ',', "yyyy/MM/dd HH:mm", "Asia/Seoul", 6, Map.of(), 0,
                null, null);
        List<LineError> errors = new ArrayList<>();
        StatementLine l = parser(seoul).parse(2, values(Map.of(StatementField.PROVIDER_TX_ID, "t1",
                StatementField.TYPE, "WIN", StatementField.AMOUNT, "1000", StatementField.CURRENCY, "KRW",
                StatementField.OCCURRED_AT, "2026/11/22 05:59")), errors);

        assertThat(errors).isEmpty();
        assertThat(l.occurredAt()).isEqualTo(Instant.parse("2026-11-21T20:59:00Z"));
        assertThat(l.businessDate()).as("before the 06:00 cut-off: the previous business day")
                .isEqualTo(LocalDate.of(2026, 11, 21));

        StatementLine eur = parser(new ProviderSettings("p", ';', ',', null, "UTC", 0, Map.of(), 0, null, null))
                .parse(3, values(Map.of(StatementField.PROVIDER_TX_ID, "t2", StatementField.TYPE, "BET",
                        StatementField.AMOUNT, "3,75", StatementField.CURRENCY, "EUR",
                        StatementField.BUSINESS_DATE, "2026-11-21")), errors);
        assertThat(eur.amountMinor()).isEqualTo(375);
    }

    @Test
    void reportsEveryProblemOfALineByColumn() {
        List<LineError> errors = new ArrayList<>();
        StatementLine l = parser(ProviderSettings.defaults("p")).parse(9, values(Map.of(
                StatementField.TYPE, "WAGER", StatementField.AMOUNT, "1e3", StatementField.CURRENCY, "XXX",
                StatementField.OCCURRED_AT, "yesterday")), errors);

        assertThat(l).isNull();
        assertThat(errors).extracting(LineError::column)
                .containsExactlyInAnyOrder("providerTxId", "type", "currency", "occurredAt");
        assertThat(errors).allMatch(e -> e.line() == 9);
    }

    @Test
    void refusesMoreFractionDigitsThanTheCurrencyHas() {
        List<LineError> errors = new ArrayList<>();
        parser(ProviderSettings.defaults("p")).parse(2, values(Map.of(StatementField.PROVIDER_TX_ID, "t",
                StatementField.TYPE, "BET", StatementField.AMOUNT, "100.5", StatementField.CURRENCY, "JPY",
                StatementField.BUSINESS_DATE, "2026-11-21")), errors);

        assertThat(errors).singleElement().satisfies(e -> {
            assertThat(e.column()).isEqualTo("amount");
            assertThat(e.reason()).contains("JPY allows at most 0 fraction digits");
        });
    }

    @Test
    void refusesAnAmountAboveTheLargestTransactionInMinorUnits() {
        List<LineError> errors = new ArrayList<>();
        StatementLine atMax = parser(ProviderSettings.defaults("p")).parse(2, values(Map.of(
                StatementField.PROVIDER_TX_ID, "t", StatementField.TYPE, "BET", StatementField.AMOUNT,
                "1000000000.00", StatementField.CURRENCY, "EUR", StatementField.BUSINESS_DATE, "2026-11-21")), errors);
        assertThat(errors).isEmpty();
        assertThat(atMax.amountMinor()).isEqualTo(io.clearhouse.common.transaction.TransactionRules.AMOUNT_MINOR_MAX);

        for (String amount : List.of("1000000000.01", "-1000000000.01", "92233720368547758.07")) {
            List<LineError> e = new ArrayList<>();
            assertThat(parser(ProviderSettings.defaults("p")).parse(3, values(Map.of(
                    StatementField.PROVIDER_TX_ID, "t", StatementField.TYPE, "BET", StatementField.AMOUNT, amount,
                    StatementField.CURRENCY, "EUR", StatementField.BUSINESS_DATE, "2026-11-21")), e)).isNull();
            assertThat(e).as(amount).singleElement().satisfies(err -> {
                assertThat(err.column()).isEqualTo("amount");
                assertThat(err.reason()).contains("too large").contains("at most 1000000000.00 EUR");
            });
        }
    }

    @Test
    void refusesALineWhoseIdIsInReconciliationsReservedNamespace() {
        for (String id : List.of("recon-adj-17", "recon-rev-17-1", "recon-anything")) {
            List<LineError> errors = new ArrayList<>();
            StatementLine l = parser(ProviderSettings.defaults("p")).parse(4, values(Map.of(
                    StatementField.PROVIDER_TX_ID, id, StatementField.TYPE, "BET", StatementField.AMOUNT, "1.00",
                    StatementField.CURRENCY, "EUR", StatementField.BUSINESS_DATE, "2026-11-21")), errors);
            assertThat(l).as(id).isNull();
            assertThat(errors).singleElement().satisfies(e -> {
                assertThat(e.column()).isEqualTo("providerTxId");
                assertThat(e.reason()).contains("reserved");
            });
        }
    }

    /** The id check's loop answers what the stream it replaced answered, surrogate pairs and halves included. */
    @Test
    void controlAndUnpairedSurrogateCheckAgreesWithTheCodePointStream() {
        java.util.Random random = new java.util.Random(20261203);
        char[] alphabet = {'a', '1', '-', ' ', '\t', '\u0000', '\u001f', '\u007f', '\u0080', '\u00e9', '\ud83d', '\ude00',
                '\udbff', '\udc00', '\ud800', '\udfff', '\uffff'};
        List<String> samples = new ArrayList<>(List.of("", "tx-1", "\ud83d\ude00", "\ud83d", "\ude00", "a\ude00\ud83d",
                "\ud83d\ud83d\ude00", "x\u007f", "\u00e9t\u00e9"));
        for (int n = 0; n < 20_000; n++) {
            char[] c = new char[random.nextInt(6)];
            for (int k = 0; k < c.length; k++) {
                c[k] = alphabet[random.nextInt(alphabet.length)];
            }
            samples.add(new String(c));
        }
        for (String v : samples) {
            boolean stream = v.codePoints().anyMatch(c -> c < 0x20 || c == 0x7F || (c >= 0xD800 && c <= 0xDFFF));
            assertThat(LineParser.hasControlOrUnpairedSurrogate(v)).as(v.chars().boxed().toList().toString())
                    .isEqualTo(stream);
        }
    }

    /** A business date is read as LocalDate.parse read it: the same date, or an error for the same texts. */
    @Test
    void businessDatesAreReadAsJavaTimeReadsThem() {
        for (String v : List.of("2026-11-23", "2024-02-29", "2023-02-29", "2026-13-01", "2026-00-10", "2026-11-32",
                "2026-1-23", "+2026-11-23", "2026-11-23T00:00", "20261123", "2026/11/23", "1970-01-01", "2100-12-31",
                "1969-12-31", "2101-01-01", "\u0662\u0660\u0662\u0666-11-23")) {
            List<LineError> errors = new ArrayList<>();
            StatementLine l = parser(ProviderSettings.defaults("p")).parse(2, values(Map.of(
                    StatementField.PROVIDER_TX_ID, "t1", StatementField.TYPE, "BET", StatementField.AMOUNT, "1.00",
                    StatementField.CURRENCY, "EUR", StatementField.BUSINESS_DATE, v)), errors);
            LocalDate expected;
            try {
                expected = LocalDate.parse(v);
            } catch (java.time.DateTimeException e) {
                expected = null;
            }
            if (expected != null && !expected.isBefore(LineParser.DATE_MIN) && !expected.isAfter(LineParser.DATE_MAX)) {
                assertThat(errors).as(v).isEmpty();
                assertThat(l.businessDate()).as(v).isEqualTo(expected);
            } else {
                assertThat(l).as(v).isNull();
                assertThat(errors).as(v).singleElement().extracting(LineError::column).isEqualTo("businessDate");
            }
        }
    }
}
