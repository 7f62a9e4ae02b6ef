package io.clearhouse.reporting.config;

import io.clearhouse.common.money.Currencies;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code clearhouse.reporting.*}: the reporting currency and the party printed on reports, the
 * generator's poll and the webhook (off when its URL is unset).
 */
@ConfigurationProperties("clearhouse.reporting")
public record ReportingProperties(String currency, String operatorName, long generatorPollMs, Webhook webhook) {

    public ReportingProperties {
        currency = currency == null || currency.isBlank() ? "EUR" : currency.trim();
        if (!Currencies.isKnown(currency)) {
            throw new IllegalArgumentException("clearhouse.reporting.currency (CLEARHOUSE_REPORTING_CURRENCY) is not a "
                    + "known ISO 4217 code: " + currency);
        }
        operatorName = operatorName == null || operatorName.isBlank() ? "Clearhouse operator" : operatorName;
        generatorPollMs = generatorPollMs <= 0 ? 1000 : generatorPollMs;
        webhook = webhook == null ? new Webhook(null, null, 6, 1000, 300_000, 1000) : webhook;
    }

    /**
     * @param maxAttempts bounded: after this many failed attempts a delivery is FAILED, never retried again
     */
    public record Webhook(String url, String secret, int maxAttempts, long backoffMs, long maxBackoffMs, long pollMs) {

        /** At most this many attempts, whatever the configuration says. */
        public static final int MAX_ATTEMPTS_CAP = 20;

        public Webhook {
            maxAttempts = Math.min(MAX_ATTEMPTS_CAP, Math.max(1, maxAttempts));
            backoffMs = Math.max(1, backoffMs);
            maxBackoffMs = Math.max(backoffMs, maxBackoffMs);
            pollMs = pollMs <= 0 ? 1000 : pollMs;
            if (url != null && !url.isBlank() && (secret == null || secret.length() < 16)) {
                throw new IllegalArgumentException("CLEARHOUSE_REPORTING_WEBHOOK_SECRET must be set (at least 16 "
                        + "characters) when CLEARHOUSE_REPORTING_WEBHOOK_URL is");
            }
        }

        public boolean enabled() {
            return url != null && !url.isBlank();
        }
    }
}
