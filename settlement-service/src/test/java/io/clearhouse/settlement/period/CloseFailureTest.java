package io.clearhouse.settlement.period;

import static org.assertj.core.api.Assertions.assertThat;

import io.clearhouse.settlement.domain.ContractViolation;
import io.clearhouse.settlement.domain.MissingFxRateException;
import io.clearhouse.common.problem.ProblemTypes;
import io.clearhouse.support.problem.Problems;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class CloseFailureTest {

    @Test
    void namesTheReasonOfEachRefusalOfTheCloseAndErrorForAnythingElse() {
        assertThat(CloseFailure.of(new MissingFxRateException("KRW", "USD", LocalDate.of(2026, 10, 26), 2)))
                .isEqualTo(CloseFailure.MISSING_FX_RATE);
        Problems.Unprocessable unpriced = new Problems.Unprocessable(ProblemTypes.CANNOT_CLOSE, "cannot price");
        unpriced.initCause(new ContractViolation("terms.games.CRASH", "is not priced"));
        assertThat(CloseFailure.of(unpriced)).isEqualTo(CloseFailure.UNPRICED_GAME_TYPE);
        assertThat(CloseFailure.of(new Problems.Unprocessable(ProblemTypes.CANNOT_CLOSE, "no contract"))).isEqualTo(CloseFailure.UNPROCESSABLE);
        assertThat(CloseFailure.of(new Problems.Conflict("a later statement is APPROVED"))).isEqualTo(CloseFailure.CONFLICT);
        assertThat(CloseFailure.of(new IllegalStateException("database down"))).isEqualTo(CloseFailure.ERROR);
    }
}
