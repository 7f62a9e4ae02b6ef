-- An ADJUSTMENT is a signed correction of the amount of the transaction it references; adjusted_type
-- is the type whose amount it corrects (BET, WIN, JACKPOT_WIN or FREE_ROUND_WIN: the referenced
-- transaction's type, or that adjustment's adjusted_type when it references an adjustment), so
-- the ledger event and downstream consumers know which side it moves. Null for every other type,
-- and for adjustments recorded before this migration (their side was never decided; an adjustment
-- of one of them is refused with the reason). Added, never back-filled: ledger rows are not updated.
ALTER TABLE transaction_keys ADD COLUMN adjusted_type TEXT
    CHECK (adjusted_type IN ('BET', 'WIN', 'JACKPOT_WIN', 'FREE_ROUND_WIN'));
ALTER TABLE transactions ADD COLUMN adjusted_type TEXT
    CHECK (adjusted_type IN ('BET', 'WIN', 'JACKPOT_WIN', 'FREE_ROUND_WIN'));

-- The published read contract gains the column (appended: existing columns keep their place).
CREATE OR REPLACE VIEW ledger_view AS
SELECT provider_id, provider_tx_id, player_ref, round_id, brand_id, game_id, game_type, type,
       amount_minor, currency, occurred_at, business_date, ref_tx_id, free_round,
       jackpot_contribution_minor, content_hash, recorded_at, transaction_id, reverses_business_date,
       adjusted_type
FROM transactions;
