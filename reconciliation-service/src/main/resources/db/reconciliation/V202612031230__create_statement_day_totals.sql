-- A statement's lines and the sum of their amounts per business day and currency, tallied by the upload
-- as it COPYs the lines, in the same transaction. A matching run takes the statement's side of its day
-- totals, and a derived period's days, from these few rows instead of grouping a million lines again.
-- A statement without rows here (uploaded before this table, or with lines on more days and currencies
-- than the upload tallies) has its lines grouped by its runs, as before.
CREATE TABLE statement_day_totals (
    statement_id   BIGINT  NOT NULL REFERENCES statements (id),
    business_date  DATE    NOT NULL,
    currency       CHAR(3) NOT NULL,
    line_count     BIGINT  NOT NULL,
    amount_minor   BIGINT  NOT NULL,
    PRIMARY KEY (statement_id, business_date, currency)
);

GRANT SELECT, INSERT ON statement_day_totals TO ${app_role};
