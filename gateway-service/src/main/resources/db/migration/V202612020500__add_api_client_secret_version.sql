-- Tokens carry the secret version they were issued under (claim "sv"); rotating the secret bumps it,
-- which revokes every token issued before the rotation instead of leaving them valid for their TTL.
ALTER TABLE api_client ADD COLUMN secret_version INTEGER NOT NULL DEFAULT 1 CHECK (secret_version > 0);
