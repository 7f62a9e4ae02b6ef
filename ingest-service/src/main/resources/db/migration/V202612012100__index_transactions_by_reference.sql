-- The history API lists a transaction's adjustments (and rollbacks) by their reference:
-- WHERE provider_id = ? AND ref_tx_id = ? AND type = 'ADJUSTMENT'. Created on the partitioned
-- parent, so every partition (present and future) gets it. Partial: most rows reference nothing.
CREATE INDEX transactions_reference ON transactions (provider_id, ref_tx_id) WHERE ref_tx_id IS NOT NULL;
