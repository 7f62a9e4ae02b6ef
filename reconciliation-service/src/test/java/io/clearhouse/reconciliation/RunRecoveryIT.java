package io.clearhouse.reconciliation;

import static org.assertj.core.api.Assertions.assertThat;

import io.clearhouse.reconciliation.matching.RunQueue;
import io.clearhouse.testsupport.TestInfrastructure;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.util.ReflectionTestUtils;

/**
 * A run found RUNNING at start was interrupted by a crash, perhaps the crash it caused (a worker
 * out of memory): it ends FAILED with its reason and is never resumed, so a poisonous statement
 * cannot crash-loop the service. QUEUED runs are still picked up.
 */
class RunRecoveryIT extends ReconciliationITBase {

    @Autowired
    RunQueue queue;

    @Test
    void aRunLeftRunningByACrashEndsFailedAtStartAndIsNotResumed() throws Exception {
        String provider = newProvider();
        String csv = "providerTxId,type,amount,currency,occurredAt\nr-1,BET,1.00,EUR,2026-11-21T10:00:00Z\n";
        Answer up = upload(provider, As.operator(), "text/csv", csv.getBytes(StandardCharsets.UTF_8));
        assertThat(up.status()).as(String.valueOf(up.body())).isEqualTo(201);
        awaitRun(up.body().get("runId").asLong());
        long statementId = up.body().get("statement").get("id").asLong();
        long crashed = insertRun(statementId, provider, "RUNNING");

        ReflectionTestUtils.invokeMethod(queue, "resumeUnfinished");

        Answer run = get("/v1/reconciliation/runs/" + crashed, As.operator());
        assertThat(run.body().get("run").get("status").asString()).isEqualTo("FAILED");
        assertThat(run.body().get("run").get("failure").asString()).contains("interrupted");
        assertThat(run.body().get("run").get("finishedAt").isNull()).isFalse();
        // and it stays so: a second start does not pick it up either
        ReflectionTestUtils.invokeMethod(queue, "resumeUnfinished");
        assertThat(count("SELECT count(*) FROM reconciliation.runs WHERE id = ? AND status = 'FAILED'", crashed))
                .isEqualTo(1);
        assertThat(count("SELECT count(*) FROM reconciliation.audit_log WHERE entity_type = 'run' AND entity_id = ?"
                + " AND action = 'RUN_COMPLETED'", Long.toString(crashed))).isZero();
    }

    private static long insertRun(long statementId, String provider, String status) throws Exception {
        try (Connection c = TestInfrastructure.get().superuserConnection();
             PreparedStatement ps = c.prepareStatement("""
                     INSERT INTO reconciliation.runs (statement_id, provider_id, status, requested_by, requested_at,
                         started_at) VALUES (?, ?, ?, 'olga.operator', now(), now()) RETURNING id""")) {
            ps.setLong(1, statementId);
            ps.setString(2, provider);
            ps.setString(3, status);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
