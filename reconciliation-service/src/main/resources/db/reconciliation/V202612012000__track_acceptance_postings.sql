-- ACCEPT_PROVIDER postings are numbered per exception: a REOPEN reverses the posting that is in
-- force (an ADJUSTMENT of its negated amount), a later acceptance posts anew under the next number.
-- The run that reopens a CLEARED exception it finds again is recorded so the run can audit it.
ALTER TABLE exceptions ADD COLUMN posting_seq INT NOT NULL DEFAULT 0;
ALTER TABLE exceptions ADD COLUMN posted_amount_minor BIGINT;
ALTER TABLE exceptions ADD COLUMN reopened_run_id BIGINT;

-- Whether the uploader declared the statement's period (from/to) or it was derived from its lines:
-- a derived period is the set of days that hold a real share of the lines, not min..max.
ALTER TABLE statements ADD COLUMN period_declared BOOLEAN NOT NULL DEFAULT false;
