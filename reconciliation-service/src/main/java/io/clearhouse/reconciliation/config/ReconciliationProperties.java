package io.clearhouse.reconciliation.config;

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
 * @param writeOffApprovalAboveMinor a WRITE_OFF of a break larger than this (minor units) needs FINANCE approval
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
        @DefaultValue("10000") long writeOffApprovalAboveMinor,
        @DefaultValue("200") int maxPageSize,
        @DefaultValue("100") int runQueueCapacity,
        @DefaultValue Alerts alerts) {

    /**
     * @param webhookUrl          Slack-compatible incoming webhook; blank disables notifications
     * @param intervalMs          how often open breaks are summed per provider
     * @param maxOpenCount        default per-provider threshold on unresolved breaks
     * @param maxOpenAmountMinor  default per-provider, per-currency threshold on unresolved break amounts
     * @param maxAttempts         webhook delivery attempts before giving up (counted as a failure)
     * @param backoffMs           first retry delay, doubled each attempt
     * @param queueCapacity       notifications waiting for delivery; beyond it they are dropped and counted
     */
    public record Alerts(
            @DefaultValue("") String webhookUrl,
            @DefaultValue("30000") long intervalMs,
            @DefaultValue("100") long maxOpenCount,
            @DefaultValue("1000000") long maxOpenAmountMinor,
            @DefaultValue("5") int maxAttempts,
            @DefaultValue("500") long backoffMs,
            @DefaultValue("100") int queueCapacity) {
    }
}
