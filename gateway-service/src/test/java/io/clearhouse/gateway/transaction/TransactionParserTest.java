package io.clearhouse.gateway.transaction;

import static org.assertj.core.api.Assertions.assertThat;

import io.clearhouse.common.transaction.TransactionReceived;
import io.clearhouse.gateway.web.FieldError;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** The wire form of a transaction, read strictly, then judged by the shared transaction rules. */
class TransactionParserTest {

    private static final Instant NOW = Instant.parse("2026-12-02T10:00:00Z");
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final TransactionParser parser = new TransactionParser(Clock.fixed(NOW, ZoneOffset.UTC));

    private static String tx(String occurredAt, String amount, String id) {
        return """
                {"providerTxId":"%s","roundId":"r-1","playerRef":"pl-1","brandId":"b-1","gameId":"g-1",\
                "gameType":"SLOT","type":"BET","amount":"%s","currency":"EUR","occurredAt":"%s"}"""
                .formatted(id, amount, occurredAt);
    }

    private List<FieldError> errorsOf(String json) {
        List<FieldError> errors = new ArrayList<>();
        TransactionReceived t = parser.parse(JSON.readTree(json), "[3]", "acme", NOW, "req", errors);
        assertThat(t == null).as("refused exactly when there are errors: " + errors).isEqualTo(!errors.isEmpty());
        return errors;
    }

    @Test
    void aValidBetIsRead() {
        assertThat(errorsOf(tx("2026-12-02T09:59:00+09:00", "2.50", "tx-1"))).isEmpty();
    }

    @Test
    void aTimestampBeforeYearOneIsAFieldErrorNotAnAcceptedTransaction() {
        assertThat(errorsOf(tx("0000-06-15T00:00:00Z", "2.50", "tx-1")))
                .extracting(FieldError::field).containsExactly("[3].occurredAt");
    }

    @Test
    void anAmountAboveTheMaximumIsRefusedWithItsField() {
        assertThat(errorsOf(tx("2026-12-02T09:00:00Z", "1000000000.01", "tx-1")))
                .extracting(FieldError::field).containsExactly("[3].amount");
        assertThat(errorsOf(tx("2026-12-02T09:00:00Z", "1000000000.00", "tx-1"))).isEmpty();
    }

    @Test
    void aProviderCannotTakeReconciliationsIdNamespace() {
        assertThat(errorsOf(tx("2026-12-02T09:00:00Z", "2.50", "recon-adj-1")))
                .extracting(FieldError::field).containsExactly("[3].providerTxId");
    }

    @Test
    void formatFaultsAreReportedTogetherBeforeTheRules() {
        assertThat(errorsOf("""
                {"providerTxId":7,"roundId":"r-1","playerRef":"pl-1","brandId":"b-1","gameId":"g-1",\
                "gameType":"SLOT","type":"BET","amount":2.5,"currency":"EUR","occurredAt":"yesterday"}"""))
                .extracting(FieldError::field).containsExactlyInAnyOrder("[3].providerTxId", "[3].amount", "[3].occurredAt");
    }
}
