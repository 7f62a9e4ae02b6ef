-- The outbox relay claims rows with SELECT ... FOR UPDATE SKIP LOCKED (several instances never send
-- the same batch at once); PostgreSQL requires UPDATE privilege for a row lock.
GRANT UPDATE ON outbox TO ${app_role};
