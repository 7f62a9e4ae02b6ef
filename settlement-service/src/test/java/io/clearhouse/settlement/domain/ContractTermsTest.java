package io.clearhouse.settlement.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.clearhouse.common.transaction.GameType;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ContractTermsTest {

    @Test
    void rejectsARateAboveOneNamingTheField() {
        Map<String, Object> c = StatementMother.contract("USD");
        StatementMother.game(c, GameType.SLOT, "GGR", "10");
        assertThatThrownBy(() -> ContractTerms.fromMap(c)).isInstanceOf(ContractViolation.class)
                .extracting(e -> ((ContractViolation) e).field()).isEqualTo("games.SLOT.rate");
    }

    @Test
    void rejectsUnknownFieldsCurrenciesAndUnorderedTiers() {
        Map<String, Object> c = StatementMother.contract("USD");
        StatementMother.game(c, GameType.SLOT, "GGR", "0.1");
        c.put("colour", "blue");
        assertThatThrownBy(() -> ContractTerms.fromMap(c)).hasMessageStartingWith("colour");

        Map<String, Object> d = StatementMother.contract("XXX");
        assertThatThrownBy(() -> ContractTerms.fromMap(d)).hasMessageStartingWith("settlementCurrency");

        Map<String, Object> t = StatementMother.contract("USD");
        StatementMother.game(t, GameType.SLOT, "GGR", null).put("tiers",
                List.of(Map.of("from", "0", "rate", "0.1"), Map.of("from", "0", "rate", "0.2")));
        assertThatThrownBy(() -> ContractTerms.fromMap(t)).hasMessageStartingWith("games.SLOT.tiers[1].from");
    }

    @Test
    void canonicalFormRoundTrips() {
        Map<String, Object> c = StatementMother.contract("EUR");
        StatementMother.game(c, GameType.LIVE, "NGR", "0.25");
        StatementMother.deduction(c, "GAMING_TAX", "0.05");
        ContractTerms terms = ContractTerms.fromMap(c);
        assertThat(ContractTerms.fromMap(terms.toMap())).isEqualTo(terms);
    }
}
