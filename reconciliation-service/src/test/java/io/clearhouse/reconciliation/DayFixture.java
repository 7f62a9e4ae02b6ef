package io.clearhouse.reconciliation;

import io.clearhouse.common.money.Money;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A day of recorded transactions for one provider and the statement lines that describe it,
 * deterministic for a seed. Tests recorded the day, then mutate the lines to inject breaks.
 */
final class DayFixture {

    /** A statement line as the provider would write it. */
    static final class Line {
        String providerTxId;
        String type;
        long amountMinor;
        String currency;
        Instant occurredAt;
        LocalDate businessDate;

        Line(Ledger.Tx tx) {
            providerTxId = tx.providerTxId();
            type = tx.type();
            amountMinor = tx.amountMinor();
            currency = tx.currency();
            occurredAt = tx.occurredAt();
            businessDate = tx.businessDate();
        }

        Line copy() {
            Line l = new Line(new Ledger.Tx(null, providerTxId, type, amountMinor, currency, occurredAt, businessDate));
            return l;
        }
    }

    final String providerId;
    final LocalDate day;
    final List<Ledger.Tx> recorded = new ArrayList<>();
    final List<Line> lines = new ArrayList<>();

    DayFixture(String providerId, LocalDate day, int count, long seed) {
        this.providerId = providerId;
        this.day = day;
        Random random = new Random(seed);
        Instant start = day.atStartOfDay(ZoneOffset.UTC).toInstant();
        for (int i = 0; i < count; i++) {
            String type = i % 3 == 2 ? "WIN" : "BET";
            String currency = i % 4 == 3 ? "USD" : "EUR";
            // spread over the day; the last one lands a few seconds before midnight (the cut-off)
            Instant at = i == count - 1 ? start.plusSeconds(86_390) : start.plusSeconds(60L * i + random.nextInt(50));
            Ledger.Tx tx = new Ledger.Tx(providerId, "tx-" + i, type, 10L * (1 + random.nextInt(5_000)), currency,
                    at, day);
            recorded.add(tx);
            lines.add(new Line(tx));
        }
    }

    Line line(String providerTxId) {
        return lines.stream().filter(l -> l.providerTxId.equals(providerTxId)).findFirst().orElseThrow();
    }

    /** The statement as CSV with providerTxId,type,amount,currency,occurredAt,businessDate. */
    byte[] csv() {
        StringBuilder sb = new StringBuilder("providerTxId,type,amount,currency,occurredAt,businessDate\r\n");
        for (Line l : lines) {
            sb.append(l.providerTxId).append(',').append(l.type).append(',')
                    .append(Money.ofMinor(l.amountMinor, l.currency).toDecimalString()).append(',')
                    .append(l.currency).append(',').append(l.occurredAt).append(',').append(l.businessDate)
                    .append("\r\n");
        }
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** The statement as JSON lines (amounts as strings, as the API documents). */
    byte[] jsonLines() {
        StringBuilder sb = new StringBuilder();
        for (Line l : lines) {
            sb.append("{\"providerTxId\":\"").append(l.providerTxId).append("\",\"type\":\"").append(l.type)
                    .append("\",\"amount\":\"").append(Money.ofMinor(l.amountMinor, l.currency).toDecimalString())
                    .append("\",\"currency\":\"").append(l.currency).append("\",\"occurredAt\":\"")
                    .append(l.occurredAt).append("\"}\n");
        }
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }
}
