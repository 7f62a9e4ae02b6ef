-- ingest's published contract for other services' set-based reads (reconciliation matches
-- millions of statement lines against it with one join): a read-only view, so nobody copies the
-- ledger into a second store. Columns here are a contract: add, never rename or remove.
CREATE VIEW ledger_view AS
SELECT provider_id, provider_tx_id, player_ref, round_id, brand_id, game_id, game_type, type,
       amount_minor, currency, occurred_at, business_date, ref_tx_id, free_round,
       jackpot_contribution_minor, content_hash, recorded_at
FROM transactions;

GRANT USAGE ON SCHEMA ingest TO reconciliation_app, settlement_app, reporting_app;
GRANT SELECT ON ledger_view TO reconciliation_app, settlement_app, reporting_app;
