-- An APPROVED or PAID statement is final (DESIGN: closed periods are never edited; mistakes are
-- corrected by new entries). The service checks this before it writes; this trigger makes the
-- database refuse it too, whoever connects (the app role, the owner, a superuser), so that nobody
-- holding a password can quietly change what finance approved or paid.
--   APPROVED: only its payment may be recorded, once: status PAID with paid_by, paid_at and
--             payment_reference, by another person than the approver (four eyes); every other
--             column (figures, document and its hash, preparer, approval) unchanged.
--   PAID:     no change at all.
--   Neither may be deleted, and the table cannot be truncated while it holds one.
-- Columns are compared as a whole row minus the payment fields, so a column added later is covered.
CREATE FUNCTION guard_final_statement() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        IF OLD.status IN ('APPROVED', 'PAID') THEN
            RAISE EXCEPTION 'statement % is final (%): it cannot be deleted', OLD.statement_id, OLD.status
                USING ERRCODE = 'integrity_constraint_violation';
        END IF;
        RETURN OLD;
    END IF;
    IF OLD.status = 'PAID' THEN
        RAISE EXCEPTION 'statement % is final (PAID): it cannot be changed', OLD.statement_id
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    IF OLD.status = 'APPROVED' THEN
        IF NEW.status <> 'PAID'
           OR (to_jsonb(NEW) - 'status' - 'paid_by' - 'paid_at' - 'payment_reference')
              IS DISTINCT FROM (to_jsonb(OLD) - 'status' - 'paid_by' - 'paid_at' - 'payment_reference') THEN
            RAISE EXCEPTION 'statement % is final (APPROVED): only its payment (status PAID with paid_by, paid_at, payment_reference) may be recorded',
                OLD.statement_id USING ERRCODE = 'integrity_constraint_violation';
        END IF;
        IF NEW.paid_by IS NULL OR NEW.paid_at IS NULL OR NEW.payment_reference IS NULL THEN
            RAISE EXCEPTION 'statement %: a payment needs paid_by, paid_at and payment_reference', OLD.statement_id
                USING ERRCODE = 'integrity_constraint_violation';
        END IF;
        IF NEW.paid_by = OLD.approved_by THEN
            RAISE EXCEPTION 'statement %: four eyes: % approved it and cannot also record its payment',
                OLD.statement_id, OLD.approved_by USING ERRCODE = 'integrity_constraint_violation';
        END IF;
    END IF;
    RETURN NEW;
END
$$;

CREATE TRIGGER statements_final BEFORE UPDATE OR DELETE ON statements
    FOR EACH ROW EXECUTE FUNCTION guard_final_statement();

CREATE FUNCTION guard_final_statements_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    final_found BOOLEAN;
BEGIN
    -- qualified by the trigger's own schema: a caller's search_path does not matter
    EXECUTE format('SELECT EXISTS (SELECT 1 FROM %I.%I WHERE status IN (''APPROVED'', ''PAID''))',
                   TG_TABLE_SCHEMA, TG_TABLE_NAME) INTO final_found;
    IF final_found THEN
        RAISE EXCEPTION 'statements holds final (APPROVED or PAID) statements: it cannot be truncated'
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER statements_final_truncate BEFORE TRUNCATE ON statements
    FOR EACH STATEMENT EXECUTE FUNCTION guard_final_statements_truncate();
