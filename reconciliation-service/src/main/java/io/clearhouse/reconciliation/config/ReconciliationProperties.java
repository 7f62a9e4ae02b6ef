package io.clearhouse.reconciliation.config;

import io.clearhouse.common.money.Currencies;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Limits and thresholds of the reconciliation service ({@code clearhouse.reconciliation.*}).
 *
 * @param maxLineErrors             line errors tolerated in one file; one more rejects the whole file
 * @param maxErrorsReported         line errors echoed in an upload answer (all are stored)
 * @param maxLines                  lines accepted in one statement
 * @param maxRecordChars            characters in one CSV record or JSON line
 * @param matchingMarginDays        days either side of the statement's days searched for a TIMING match (by id only)
 * @param derivedDayMinShare        without a declared period, a line date is one of the statement's days when it
 *                                  holds at least this share of the busiest date's lines
 * @param approvalAboveMajor        four eyes: a WRITE_OFF, or an ACCEPT_PROVIDER posting, of more than this many
 *                                  MAJOR units of its currency (100 = 100.00 USD, 100 KRW, 100.000 BHD) waits for
 *                                  a FINANCE approval by someone other than its proposer; for every currency not in
 *                                  {@code approvalAboveMajorByCurrency}
 * @param approvalAboveMajorByCurrency per-currency thresholds in major units, {@code "KRW=100000,JPY=10000"}
 * @param maxPeriodDays             days one statement may cover (declared {@code from}/{@code to}, or the span of
 *                                  its lines' business dates): each day is joined against the ledger and every
 *                                  unreported transaction of it becomes a break, so a provider must not be able
 *                                  to make one file answer for its whole history
 * @param maxPageSize               bound on exception list pages
 * @param runQueueCapacity          queued matching runs before uploads are refused with 503
 */
@ConfigurationProperties("clearhouse.reconciliation")
public record ReconciliationProperties(
        @DefaultValue("1000") int maxLineErrors,
        @DefaultValue("100") int maxErrorsReported,
        @DefaultValue("5000000") long maxLines,
        @DefaultValue("65536") int maxRecordChars,
        @DefaultValue("1") int matchingMarginDays,
        @DefaultValue("0.1") double derivedDayMinShare,
        @DefaultValue("100") BigDecimal approvalAboveMajor,
        @DefaultValue("") String approvalAboveMajorByCurrency,
        @DefaultValue("31") int maxPeriodDays,
        @DefaultValue("200") int maxPageSize,
        @DefaultValue("100") int runQueueCapacity,
        @DefaultValue Alerts alerts) {

    /** The most lines a statement may be configured to accept. */
    public static final long MAX_LINES = 50_000_000;

    public ReconciliationProperties {
        if (approvalAboveMajor.signum() < 0) {
            throw new IllegalArgumentException("approval-above-major must not be negative");
        }
        thresholds(approvalAboveMajorByCurrency); // fails the start on a malformed map
        // a statement's amounts summed (per day and currency, or all of them) stay inside a long:
        // MAX_LINES x TransactionRules.AMOUNT_MINOR_MAX = 5e18 < 9.2e18
        if (maxLines < 1 || maxLines > MAX_LINES) {
            throw new IllegalArgumentException("max-lines must be between 1 and " + MAX_LINES);
        }
        if (maxPeriodDays < 1 || maxPeriodDays > 366) {
            throw new IllegalArgumentException("max-period-days must be between 1 and 366");
        }
    }

    /**
     * The four-eyes threshold of a currency in its minor units: the configured major amount scaled by
     * the currency's ISO 4217 exponent (an unknown currency is taken as having none, the stricter
     * reading). Fractions below the minor unit are dropped, which only lowers the threshold.
     */
    public long approvalAboveMinor(String currency) {
        BigDecimal major = thresholds(approvalAboveMajorByCurrency).getOrDefault(
                currency == null ? "" : currency.toUpperCase(Locale.ROOT), approvalAboveMajor);
        int exponent = Currencies.exponent(currency).orElse(0);
        BigDecimal minor = major.movePointRight(exponent).setScale(0, RoundingMode.DOWN);
        return minor.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0 ? Long.MAX_VALUE : minor.longValueExact();
    }

    /** Parses {@code "KRW=100000, JPY=10000"}: known ISO 4217 codes, non-negative plain decimals. */
    static Map<String, BigDecimal> thresholds(String spec) {
        Map<String, BigDecimal> map = new TreeMap<>();
        if (spec == null || spec.isBlank()) {
            return map;
        }
        for (String entry : spec.split(",")) {
            String[] kv = entry.split("=", -1);
            String code = kv[0].strip().toUpperCase(Locale.ROOT);
            if (kv.length != 2 || !Currencies.isKnown(code)) {
                throw new IllegalArgumentException("approval-above-major-by-currency: '" + entry.strip()
                        + "' is not CUR=amount with a known currency");
            }
            String amount = kv[1].strip();
            if (!amount.matches("[0-9]{1,15}(\\.[0-9]{1,3})?")) {
                throw new IllegalArgumentException("approval-above-major-by-currency: '" + entry.strip()
                        + "' needs a plain non-negative amount in major units");
            }
            map.put(code, new BigDecimal(amount));
        }
        return map;
    }

    /**
     * @param webhookUrl          Slack-compatible incoming webhook; blank disables notifications
     * @param webhookSecret       signs each notification ({@code X-Clearhouse-Signature}); blank: unsigned
     * @param intervalMs          how often open breaks are summed per provider
     * @param maxOpenCount        default per-provider threshold on unresolved breaks
     * @param maxOpenAmountMinor  default per-provider, per-currency threshold on unresolved break amounts
     * @param maxAttempts         webhook delivery attempts before giving up (counted as a failure)
     * @param backoffMs           first retry delay, doubled each attempt (capped at 60 s)
     * @param queueCapacity       notifications waiting for delivery; beyond it they are dropped and counted
     */
    public record Alerts(
            @DefaultValue("") String webhookUrl,
            @DefaultValue("") String webhookSecret,
            @DefaultValue("30000") long intervalMs,
            @DefaultValue("100") long maxOpenCount,
            @DefaultValue("1000000") long maxOpenAmountMinor,
            @DefaultValue("5") int maxAttempts,
            @DefaultValue("500") long backoffMs,
            @DefaultValue("100") int queueCapacity) {
    }
}
