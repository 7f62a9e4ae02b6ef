package io.clearhouse.ingest.provider;

import io.clearhouse.common.transaction.TransactionReceived;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Objects;

/**
 * How ingest treats one provider's transactions.
 *
 * @param timeZone        the provider's settlement time zone
 * @param cutoffHour      the hour (0-23, local) at which its business day starts
 * @param uniquenessMode  what makes one of its transactions unique
 * @param rollbackWait    how long a rollback that arrived before its bet waits for it
 * @param configured      false when these are the documented defaults (no row in {@code providers})
 */
public record ProviderSettings(String providerId, ZoneId timeZone, int cutoffHour, UniquenessMode uniquenessMode,
                               Duration rollbackWait, boolean configured) {

    /** The defaults for a provider nobody configured: UTC days starting 00:00, ids unique per provider. */
    public static final ZoneId DEFAULT_TIME_ZONE = ZoneId.of("UTC");
    public static final int DEFAULT_CUTOFF_HOUR = 0;
    public static final UniquenessMode DEFAULT_UNIQUENESS = UniquenessMode.PROVIDER_TX_ID;

    public ProviderSettings {
        Objects.requireNonNull(providerId, "providerId");
        Objects.requireNonNull(timeZone, "timeZone");
        Objects.requireNonNull(uniquenessMode, "uniquenessMode");
        Objects.requireNonNull(rollbackWait, "rollbackWait");
        if (cutoffHour < 0 || cutoffHour > 23) {
            throw new IllegalArgumentException("cutoffHour must be between 0 and 23");
        }
    }

    public static ProviderSettings defaults(String providerId, Duration rollbackWait) {
        return new ProviderSettings(providerId, DEFAULT_TIME_ZONE, DEFAULT_CUTOFF_HOUR, DEFAULT_UNIQUENESS,
                rollbackWait, false);
    }

    /**
     * The business date of an instant: its local date in the provider's zone, where a day starts at
     * the cut-off hour on the local wall clock (with a 06:00 cut-off, 05:59 local time still belongs
     * to the previous day). The cut-off is subtracted from the wall-clock time, not as elapsed time:
     * on a daylight-saving change day the day has 23 or 25 hours, and 06:00 local still starts it.
     */
    public LocalDate businessDate(Instant occurredAt) {
        return occurredAt.atZone(timeZone).toLocalDateTime().minusHours(cutoffHour).toLocalDate();
    }

    /** The player part of the uniqueness key: empty unless ids are unique per player only. */
    public String keyPlayerRef(TransactionReceived tx) {
        return uniquenessMode == UniquenessMode.PROVIDER_TX_ID_PLAYER ? tx.playerRef() : "";
    }
}
