package io.clearhouse.launcher.demo;

import tools.jackson.databind.JsonNode;

/**
 * The end of the demo: an auditor asks ingest (through the gateway) to recompute the audit chain and
 * every batch's Merkle root from the recorded rows; the demo succeeds only if the chain is intact.
 */
final class AuditVerifyStep implements DemoStep {

    @Override
    public String title() {
        return "An auditor verifies the ingest audit trail";
    }

    @Override
    public boolean run(DemoContext context) throws Exception {
        GatewayClient.Answer answer = context.gateway().get("/v1/audit/verify", GatewayClient.Role.AUDITOR);
        if (answer.status() != 200 || answer.body() == null) {
            context.out().line("Audit verification refused: HTTP " + answer.status() + " " + answer.body());
            return false;
        }
        JsonNode v = answer.body();
        String head = v.path("headHash").asString("");
        context.out().line(String.format("Recomputed %d audit entries, %d batches' Merkle roots over %d transactions.",
                v.path("entriesChecked").asLong(), v.path("batchesChecked").asLong(),
                v.path("transactionsChecked").asLong()));
        if (v.path("intact").asBoolean()) {
            context.out().line("Audit chain intact (head " + (head.length() > 16 ? head.substring(0, 16) : head)
                    + "...). Same check from the shell: ./clearhouse audit verify");
            return true;
        }
        JsonNode b = v.path("firstBroken");
        context.out().line("AUDIT CHAIN BROKEN at " + b.path("entityId").asString("entry " + b.path("seq").asLong())
                + ": " + b.path("reason").asString(""));
        return false;
    }
}
