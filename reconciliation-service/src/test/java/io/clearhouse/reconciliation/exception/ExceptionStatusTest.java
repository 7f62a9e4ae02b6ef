package io.clearhouse.reconciliation.exception;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ExceptionStatusTest {

    @Test
    void anOpenExceptionResolvesOrWaitsForApprovalOnALargeWriteOff() {
        assertThat(ExceptionStatus.OPEN.resolve(Resolution.ACCEPT_PROVIDER, false)).isEqualTo(ExceptionStatus.RESOLVED);
        assertThat(ExceptionStatus.OPEN.resolve(Resolution.ACCEPT_INTERNAL, false)).isEqualTo(ExceptionStatus.RESOLVED);
        assertThat(ExceptionStatus.OPEN.resolve(Resolution.WRITE_OFF, false)).isEqualTo(ExceptionStatus.RESOLVED);
        assertThat(ExceptionStatus.OPEN.resolve(Resolution.WRITE_OFF, true))
                .isEqualTo(ExceptionStatus.PENDING_APPROVAL);
    }

    @Test
    void approvalResolvesAndRejectionReopens() {
        assertThat(ExceptionStatus.PENDING_APPROVAL.approve(true)).isEqualTo(ExceptionStatus.RESOLVED);
        assertThat(ExceptionStatus.PENDING_APPROVAL.approve(false)).isEqualTo(ExceptionStatus.OPEN);
        assertThatThrownBy(() -> ExceptionStatus.OPEN.approve(true))
                .isInstanceOf(ExceptionStatus.IllegalTransitionException.class);
    }

    @Test
    void onlyDecidedExceptionsReopenAndOnlyOpenOnesResolve() {
        assertThat(ExceptionStatus.RESOLVED.resolve(Resolution.REOPEN, false)).isEqualTo(ExceptionStatus.OPEN);
        assertThat(ExceptionStatus.PENDING_APPROVAL.resolve(Resolution.REOPEN, false)).isEqualTo(ExceptionStatus.OPEN);
        assertThatThrownBy(() -> ExceptionStatus.OPEN.resolve(Resolution.REOPEN, false))
                .isInstanceOf(ExceptionStatus.IllegalTransitionException.class);
        assertThatThrownBy(() -> ExceptionStatus.RESOLVED.resolve(Resolution.ACCEPT_INTERNAL, false))
                .isInstanceOf(ExceptionStatus.IllegalTransitionException.class);
        assertThatThrownBy(() -> ExceptionStatus.CLEARED.resolve(Resolution.REOPEN, false))
                .isInstanceOf(ExceptionStatus.IllegalTransitionException.class);
    }
}
