-- ADJUSTMENTs now move GGR. An ADJUSTMENT's signed amount corrects the amount of the transaction it
-- references; TransactionRecorded.adjustedType says which: a BET's stake (stake side: added to bets)
-- or a WIN / JACKPOT_WIN / FREE_ROUND_WIN payout (payout side: added to wins).
--   GGR = bets - rollbacks - wins + stake_adjustment_minor - payout_adjustment_minor
-- Both sums are signed. adjustment_count stays the count of both sides. The unsigned adjustment_minor
-- could not say which side it moved and was never priced, so it goes.
ALTER TABLE aggregates
    ADD COLUMN stake_adjustment_minor  BIGINT NOT NULL DEFAULT 0,
    ADD COLUMN payout_adjustment_minor BIGINT NOT NULL DEFAULT 0,
    DROP COLUMN adjustment_minor;

-- Which side an ADJUSTMENT moved, kept with its dedupe row for explain and history.
ALTER TABLE processed_transactions ADD COLUMN adjusted_type TEXT;
