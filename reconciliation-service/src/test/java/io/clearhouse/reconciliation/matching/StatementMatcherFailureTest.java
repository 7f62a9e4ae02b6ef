package io.clearhouse.reconciliation.matching;

import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.argThat;
import static org.mockito.ArgumentMatchers.contains;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.clearhouse.common.audit.AuditAppender;
import io.clearhouse.reconciliation.config.ReconciliationProperties;
import io.clearhouse.reconciliation.statement.ProviderSettingsRepository;
import io.clearhouse.reconciliation.statement.StatementRepository;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

class StatementMatcherFailureTest {

    @Test
    void aRunWhoseWorkerThrowsAnErrorEndsFailedWithItsReason() {
        JdbcTemplate jdbc = mock(JdbcTemplate.class);
        TransactionTemplate tx = mock(TransactionTemplate.class);
        RunRepository runs = mock(RunRepository.class);
        when(runs.find(7L)).thenReturn(Optional.of(new RunView(7, 3, "p", "QUEUED", null, null, null, "op",
                Instant.EPOCH, null, null, null)));
        when(tx.execute(any())).thenThrow(new StackOverflowError());
        StatementMatcher matcher = new StatementMatcher(jdbc, mock(NamedParameterJdbcTemplate.class), tx,
                mock(StatementRepository.class), mock(ProviderSettingsRepository.class), runs,
                mock(AuditAppender.class), Clock.fixed(Instant.parse("2026-12-02T00:00:00Z"), ZoneOffset.UTC),
                mock(ReconciliationProperties.class));

        assertThatThrownBy(() -> matcher.run(7L)).isInstanceOf(StackOverflowError.class);

        verify(jdbc).update(contains("status = 'FAILED'"), any(), argThat((Object reason) ->
                reason.toString().contains("StackOverflowError")), eq(7L));
    }
}
