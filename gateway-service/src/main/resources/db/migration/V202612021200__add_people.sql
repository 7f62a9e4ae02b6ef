-- People who sign in to the console live beside API clients in one table, so that one directory, one
-- revocation (secret_version), one allow-list, one rate limit and one access log cover both; the kind
-- keeps them apart: a CLIENT authenticates with client_credentials only, a PERSON with the password grant
-- (password and a TOTP code) only. secret_hash is a PERSON's bcrypt password hash. The TOTP secret must
-- stay usable to check codes, so it is stored as issued, readable by the gateway's roles only, like a
-- provider's signing secret; totp_last_step refuses a code used once already.
ALTER TABLE api_client ADD COLUMN kind TEXT NOT NULL DEFAULT 'CLIENT' CHECK (kind IN ('CLIENT', 'PERSON'));
ALTER TABLE api_client ADD COLUMN totp_secret TEXT;
ALTER TABLE api_client ADD COLUMN totp_last_step BIGINT;
ALTER TABLE api_client ADD CONSTRAINT api_client_person_totp CHECK ((kind = 'PERSON') = (totp_secret IS NOT NULL));
-- a PROVIDER person reads its provider's figures in the console and never signs writes
ALTER TABLE api_client DROP CONSTRAINT api_client_provider_signs;
ALTER TABLE api_client ADD CONSTRAINT api_client_provider_signs
    CHECK (role <> 'PROVIDER' OR kind = 'PERSON' OR signing_secret IS NOT NULL);
