-- The business dates waiting in the DEFAULT partition of transactions, oldest first and bounded, for
-- the background maintainer that gives them their own partitions (off the consumer's path). Runs
-- with the owner's rights: the app role reads the ledger through the parent table only.
CREATE FUNCTION default_partition_dates(from_date DATE, to_date DATE, lim INT) RETURNS SETOF DATE
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = ${flyway:defaultSchema} AS
$$
    SELECT DISTINCT business_date FROM transactions_default
    WHERE business_date BETWEEN from_date AND to_date ORDER BY business_date LIMIT lim
$$;

REVOKE ALL ON FUNCTION default_partition_dates(DATE, DATE, INT) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION default_partition_dates(DATE, DATE, INT) TO ${app_role};
