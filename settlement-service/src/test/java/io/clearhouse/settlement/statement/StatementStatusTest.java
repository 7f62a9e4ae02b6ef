package io.clearhouse.settlement.statement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class StatementStatusTest {

    @Test
    void followsDraftApprovedPaidAndRefusesEveryOtherMove() {
        assertThat(StatementStatus.DRAFT.approve()).isEqualTo(StatementStatus.APPROVED);
        assertThat(StatementStatus.APPROVED.pay()).isEqualTo(StatementStatus.PAID);
        assertThat(StatementStatus.DRAFT.supersede()).isEqualTo(StatementStatus.SUPERSEDED);
        assertThatThrownBy(StatementStatus.DRAFT::pay).isInstanceOf(StatementStatus.IllegalTransitionException.class);
        assertThatThrownBy(StatementStatus.APPROVED::approve).hasMessage("a APPROVED statement cannot become APPROVED");
        assertThatThrownBy(StatementStatus.PAID::supersede).isInstanceOf(StatementStatus.IllegalTransitionException.class);
        assertThatThrownBy(StatementStatus.SUPERSEDED::approve).isInstanceOf(StatementStatus.IllegalTransitionException.class);
    }
}
