package io.clearhouse.gateway.security;

import static io.clearhouse.gateway.auth.Role.ADMIN;
import static io.clearhouse.gateway.auth.Role.AUDITOR;
import static io.clearhouse.gateway.auth.Role.FINANCE;
import static io.clearhouse.gateway.auth.Role.OPERATOR;
import static io.clearhouse.gateway.auth.Role.PROVIDER;
import static org.assertj.core.api.Assertions.assertThat;

import io.clearhouse.gateway.auth.Role;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;

class AccessRulesTest {

    private static boolean allows(Role role, HttpMethod method, String path) {
        return AccessRules.allows(Set.of(role), method, path);
    }

    @Test
    void providersOnlyIngestQueryTheirTransactionsAndUploadStatements() {
        assertThat(allows(PROVIDER, HttpMethod.POST, "/v1/transactions")).isTrue();
        assertThat(allows(PROVIDER, HttpMethod.POST, "/v1/transactions/batch")).isTrue();
        assertThat(allows(PROVIDER, HttpMethod.GET, "/v1/transactions/tx-1")).isTrue();
        assertThat(allows(PROVIDER, HttpMethod.POST, "/v1/reconciliation/statements")).isTrue();
        assertThat(allows(PROVIDER, HttpMethod.GET, "/v1/ingest/summary")).isFalse();
        assertThat(allows(PROVIDER, HttpMethod.GET, "/v1/reconciliation/providers/acme/settings")).isFalse();
        assertThat(allows(PROVIDER, HttpMethod.PUT, "/v1/reconciliation/providers/acme/settings")).isFalse();
        assertThat(allows(PROVIDER, HttpMethod.GET, "/v1/ingest/conflicts")).isFalse();
        assertThat(allows(PROVIDER, HttpMethod.GET, "/v1/audit/access")).isFalse();
        assertThat(allows(PROVIDER, HttpMethod.POST, "/v1/admin/clients")).isFalse();
    }

    @Test
    void providersFetchInclusionProofsAndTheAuditKeyButNotTheVerifyOrTheAccessLog() {
        assertThat(allows(PROVIDER, HttpMethod.GET, "/v1/audit/proofs/4f1c0a7e-0000-8000-8000-000000000001")).isTrue();
        assertThat(allows(PROVIDER, HttpMethod.GET, "/v1/audit/public-key")).isTrue();
        assertThat(allows(FINANCE, HttpMethod.GET, "/v1/audit/public-key")).isTrue();
        assertThat(allows(PROVIDER, HttpMethod.GET, "/v1/audit/verify")).isFalse();
        assertThat(allows(PROVIDER, HttpMethod.GET, "/v1/audit/proofs/a/b")).isFalse();
        assertThat(allows(FINANCE, HttpMethod.GET, "/v1/audit/proofs/x")).isFalse();
    }

    @Test
    void providersReadTheirOwnStatementsRunsAndExceptionsButActOnNone() {
        for (String path : new String[] {"/v1/reconciliation/statements", "/v1/reconciliation/statements/s-1",
                "/v1/reconciliation/runs", "/v1/reconciliation/runs/r-1", "/v1/reconciliation/exceptions",
                "/v1/reconciliation/exceptions/e-1", "/v1/exceptions/e-1"}) {
            assertThat(allows(PROVIDER, HttpMethod.GET, path)).as(path).isTrue();
        }
        assertThat(allows(PROVIDER, HttpMethod.POST, "/v1/reconciliation/statements/s-1/runs")).isFalse();
        assertThat(allows(PROVIDER, HttpMethod.POST, "/v1/reconciliation/exceptions/e-1/resolve")).isFalse();
        assertThat(allows(PROVIDER, HttpMethod.POST, "/v1/reconciliation/exceptions/e-1/comments")).isFalse();
        assertThat(allows(PROVIDER, HttpMethod.POST, "/v1/reconciliation/exceptions/e-1/assign")).isFalse();
    }

    @Test
    void providersReadTheirSettlementStatementsAndDocumentsButNothingElseOfSettlement() {
        for (String path : new String[] {"/v1/statements", "/v1/statements/acme:2026-11-24:v1",
                "/v1/statements/acme:2026-11-24:v1/document"}) {
            assertThat(allows(PROVIDER, HttpMethod.GET, path)).as(path).isTrue();
        }
        assertThat(allows(PROVIDER, HttpMethod.GET, "/v1/statements/acme:2026-11-24:v1/lines/1/explain")).isFalse();
        assertThat(allows(PROVIDER, HttpMethod.POST, "/v1/statements/acme:2026-11-24:v1/approve")).isFalse();
        assertThat(allows(PROVIDER, HttpMethod.POST, "/v1/statements/acme:2026-11-24:v1/pay")).isFalse();
        assertThat(allows(PROVIDER, HttpMethod.POST, "/v1/settlements/close")).isFalse();
        assertThat(allows(PROVIDER, HttpMethod.GET, "/v1/settlements/aggregates")).isFalse();
        // settlement's part of a transaction's history: read by the provider (its own), operators and finance
        for (Role r : List.of(PROVIDER, OPERATOR, FINANCE, AUDITOR)) {
            assertThat(allows(r, HttpMethod.GET, "/v1/settlements/transactions/5f0c")).as(r.name()).isTrue();
        }
        assertThat(allows(OPERATOR, HttpMethod.GET, "/v1/settlements/aggregates")).isFalse();
        assertThat(allows(PROVIDER, HttpMethod.POST, "/v1/settlements/transactions/5f0c")).isFalse();
        assertThat(allows(PROVIDER, HttpMethod.GET, "/v1/contracts/acme")).isFalse();
        assertThat(allows(PROVIDER, HttpMethod.GET, "/v1/fx/rates")).isFalse();
    }

    @Test
    void providersReadReportsButNeitherTheTransactionExportNorAnythingElseUnderReports() {
        assertThat(allows(PROVIDER, HttpMethod.GET, "/v1/reports")).isTrue();
        assertThat(allows(PROVIDER, HttpMethod.GET, "/v1/reports/daily-settlement")).isTrue();
        assertThat(allows(PROVIDER, HttpMethod.GET, "/v1/reports/42")).isTrue();
        assertThat(allows(PROVIDER, HttpMethod.GET, "/v1/reports/transactions")).isFalse();
        assertThat(allows(PROVIDER, HttpMethod.POST, "/v1/reports/42")).isFalse();
        assertThat(allows(FINANCE, HttpMethod.GET, "/v1/reports/transactions")).isTrue();
        assertThat(allows(AUDITOR, HttpMethod.GET, "/v1/reports/daily-settlement")).isTrue();
        assertThat(allows(OPERATOR, HttpMethod.GET, "/v1/reports/daily-settlement")).isFalse();
    }

    @Test
    void graphqlIsPostedByFinanceAuditorsAndProvidersOnly() {
        assertThat(allows(FINANCE, HttpMethod.POST, "/graphql")).isTrue();
        assertThat(allows(AUDITOR, HttpMethod.POST, "/graphql")).isTrue();
        assertThat(allows(PROVIDER, HttpMethod.POST, "/graphql")).isTrue();
        assertThat(allows(OPERATOR, HttpMethod.POST, "/graphql")).isFalse();
        assertThat(allows(ADMIN, HttpMethod.POST, "/graphql")).isFalse();
        assertThat(allows(FINANCE, HttpMethod.GET, "/graphql")).isFalse();
        assertThat(allows(FINANCE, HttpMethod.POST, "/graphiql")).isFalse();
    }

    @Test
    void financeCommentsOnExceptionsAndConflictsAreReadByOperatorsAndAuditors() {
        assertThat(allows(FINANCE, HttpMethod.POST, "/v1/reconciliation/exceptions/e-1/comments")).isTrue();
        assertThat(allows(FINANCE, HttpMethod.POST, "/v1/exceptions/e-1/comments")).isTrue();
        assertThat(allows(FINANCE, HttpMethod.POST, "/v1/reconciliation/exceptions/e-1/assign")).isFalse();
        assertThat(allows(OPERATOR, HttpMethod.GET, "/v1/ingest/conflicts")).isTrue();
        assertThat(allows(AUDITOR, HttpMethod.GET, "/v1/ingest/conflicts")).isTrue();
        assertThat(allows(AUDITOR, HttpMethod.POST, "/v1/ingest/conflicts")).isFalse();
        assertThat(allows(FINANCE, HttpMethod.GET, "/v1/ingest/conflicts")).isFalse();
    }

    @Test
    void operatorsFinanceAuditorsAndAdminsReachTheirRoutesOnly() {
        assertThat(allows(OPERATOR, HttpMethod.GET, "/v1/ingest/summary")).isTrue();
        assertThat(allows(OPERATOR, HttpMethod.POST, "/v1/exceptions/e-1/resolve")).isTrue();
        assertThat(allows(OPERATOR, HttpMethod.POST, "/v1/transactions/batch")).isFalse();
        assertThat(allows(OPERATOR, HttpMethod.POST, "/v1/settlements/close")).isFalse();
        assertThat(allows(FINANCE, HttpMethod.POST, "/v1/settlements/close")).isTrue();
        assertThat(allows(FINANCE, HttpMethod.POST, "/v1/exceptions/e-1/approve")).isTrue();
        assertThat(allows(FINANCE, HttpMethod.POST, "/v1/exceptions/e-1/resolve")).isFalse();
        assertThat(allows(FINANCE, HttpMethod.POST, "/v1/reconciliation/exceptions/e-1/approval")).isTrue();
        assertThat(allows(FINANCE, HttpMethod.GET, "/v1/reconciliation/exceptions/e-1")).isTrue();
        assertThat(allows(FINANCE, HttpMethod.POST, "/v1/reconciliation/exceptions/e-1/resolve")).isFalse();
        assertThat(allows(FINANCE, HttpMethod.POST, "/v1/reconciliation/statements")).isFalse();
        assertThat(allows(AUDITOR, HttpMethod.GET, "/v1/settlements/s-1")).isTrue();
        assertThat(allows(AUDITOR, HttpMethod.POST, "/v1/settlements/close")).isFalse();
        assertThat(allows(AUDITOR, HttpMethod.GET, "/v1/admin/clients")).isFalse();
        assertThat(allows(ADMIN, HttpMethod.POST, "/v1/admin/clients")).isTrue();
        assertThat(allows(ADMIN, HttpMethod.GET, "/v1/settlements/s-1")).isFalse();
    }

    @Test
    void unknownPathsAreRefusedToEveryone() {
        for (Role r : Role.values()) {
            assertThat(allows(r, HttpMethod.GET, "/v2/anything")).isFalse();
        }
        assertThat(AccessRules.isPublic("/oauth2/token")).isTrue();
        assertThat(AccessRules.isPublic("/actuator/health/readiness")).isTrue();
        assertThat(AccessRules.isPublic("/actuator/env")).isFalse();
    }

    @Test
    void operatorsListAndAcknowledgeAnomaliesAuditorsReadThemAndIngestExceptionsAreOperatorWork() {
        assertThat(allows(OPERATOR, HttpMethod.GET, "/v1/anomalies")).isTrue();
        assertThat(allows(OPERATOR, HttpMethod.POST, "/v1/anomalies/7/acknowledge")).isTrue();
        assertThat(allows(AUDITOR, HttpMethod.GET, "/v1/anomalies/7")).isTrue();
        assertThat(allows(AUDITOR, HttpMethod.POST, "/v1/anomalies/7/acknowledge")).isFalse();
        assertThat(allows(FINANCE, HttpMethod.GET, "/v1/anomalies")).isFalse();
        assertThat(allows(PROVIDER, HttpMethod.GET, "/v1/anomalies")).isFalse();
        assertThat(allows(OPERATOR, HttpMethod.POST, "/v1/ingest/exceptions/3/resolve")).isTrue();
        assertThat(allows(AUDITOR, HttpMethod.GET, "/v1/ingest/exceptions")).isTrue();
        assertThat(allows(AUDITOR, HttpMethod.POST, "/v1/ingest/exceptions/3/resolve")).isFalse();
        assertThat(allows(PROVIDER, HttpMethod.GET, "/v1/ingest/exceptions")).isFalse();
    }
}
