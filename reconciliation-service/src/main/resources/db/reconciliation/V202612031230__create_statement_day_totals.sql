-- A statement's lines and the sum of their amounts per business day and currency, tallied by the upload
-- as it COPYs the lines, in the same transaction. A matching run takes the statement's side of its day
-- totals, and a derived period's days, from these few rows instead of grouping a million lines again.
-- Every statement has its rows: the upload writes them, and the statements stored before this table get
-- theirs below, so a run has one way to read them.
CREATE TABLE statement_day_totals (
    statement_id   BIGINT  NOT NULL REFERENCES statements (id),
    business_date  DATE    NOT NULL,
    currency       CHAR(3) NOT NULL,
    line_count     BIGINT  NOT NULL,
    amount_minor   BIGINT  NOT NULL,
    PRIMARY KEY (statement_id, business_date, currency)
);

INSERT INTO statement_day_totals (statement_id, business_date, currency, line_count, amount_minor)
SELECT statement_id, business_date, currency, count(*), sum(amount_minor)
FROM statement_lines
GROUP BY 1, 2, 3;

GRANT SELECT, INSERT ON statement_day_totals TO ${app_role};
