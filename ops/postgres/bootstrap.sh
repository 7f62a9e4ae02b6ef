#!/usr/bin/env bash
# Creates what each service (and the console, for its sessions) needs before its own Flyway history runs: a schema owned by
# <service>_owner (Flyway migrates as it) and a runtime role <service>_app that receives only the
# grants its migrations give. Same rules as io.clearhouse.common.db.DatabaseBootstrap (which the
# embedded stack and the tests use). Passwords come from the environment, never from the repo:
#   CLEARHOUSE_<SERVICE>_OWNER_PASSWORD, CLEARHOUSE_<SERVICE>_APP_PASSWORD
# Used by docker-compose (mounted into /docker-entrypoint-initdb.d); on Kubernetes CloudNativePG does the
# same with postInitApplicationSQL and managed roles (k8s/base/postgres.yaml).
set -euo pipefail
DB="${POSTGRES_DB:-clearhouse}"
PSQL=(psql -v ON_ERROR_STOP=1 --username "${POSTGRES_USER:-postgres}" --dbname "$DB")
[ -n "${PGHOST:-}" ] && PSQL+=(--host "$PGHOST")

for svc in gateway ingest settlement reconciliation reporting console; do
  for kind in owner app; do
    role="${svc}_${kind}"
    var="CLEARHOUSE_$(echo "$svc" | tr '[:lower:]' '[:upper:]')_$(echo "$kind" | tr '[:lower:]' '[:upper:]')_PASSWORD"
    pw="${!var:?$var must be set}"
    "${PSQL[@]}" -v role="$role" -v pw="$pw" <<'SQL'
SELECT format('CREATE ROLE %I LOGIN PASSWORD %L', :'role', :'pw')
WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = :'role') \gexec
SELECT format('ALTER ROLE %I LOGIN PASSWORD %L', :'role', :'pw') \gexec
SQL
    "${PSQL[@]}" -c "GRANT CONNECT ON DATABASE $DB TO $role"
  done
  "${PSQL[@]}" -c "CREATE SCHEMA IF NOT EXISTS $svc AUTHORIZATION ${svc}_owner" \
               -c "ALTER ROLE ${svc}_owner SET search_path = $svc" \
               -c "ALTER ROLE ${svc}_app SET search_path = $svc"
done
"${PSQL[@]}" -c "REVOKE CREATE ON SCHEMA public FROM PUBLIC"
