package io.clearhouse.gateway.protect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.clearhouse.gateway.web.Refusal;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;

/** The upload spool's share per client and in all, reserved before a byte is read. */
class SpoolQuotaTest {

    private final SpoolQuota quota = new SpoolQuota(1_000, 2);

    @Test
    void aClientHoldsAtMostItsConcurrentUploadsAndGetsOneBackWhenAnEnds() {
        SpoolQuota.Reservation first = quota.reserve("p-1", 100);
        quota.reserve("p-1", 100);
        assertThatThrownBy(() -> quota.reserve("p-1", 100)).isInstanceOf(Refusal.class)
                .satisfies(e -> assertThat(((Refusal) e).status()).isEqualTo(HttpStatus.TOO_MANY_REQUESTS));
        assertThat(quota.reservedBytes()).isEqualTo(200);
        first.release();
        first.release(); // once only
        assertThat(quota.reservedBytes()).isEqualTo(100);
        quota.reserve("p-1", 100);
        assertThat(quota.reservedBytes()).isEqualTo(200);
    }

    @Test
    void theSpoolAsAWholeIsBoundedAndARefusalReservesNothing() {
        quota.reserve("p-1", 600);
        quota.reserve("p-2", 300);
        assertThatThrownBy(() -> quota.reserve("p-3", 200)).isInstanceOf(Refusal.class)
                .satisfies(e -> assertThat(((Refusal) e).status()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE));
        assertThat(quota.reservedBytes()).isEqualTo(900);
        SpoolQuota.Reservation small = quota.reserve("p-3", 100);
        assertThat(quota.reservedBytes()).isEqualTo(1_000);
        small.release();
        assertThat(quota.reservedBytes()).isEqualTo(900);
    }
}
