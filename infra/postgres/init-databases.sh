#!/bin/bash
# Runs once, when the postgres container starts with an empty data volume (the official image runs every
# file in /docker-entrypoint-initdb.d then). Creates one login role and one database per service, the role
# owning its database, so no service can read another's tables.
#
# Passwords come from the container's environment: BIDS_DB_PASSWORD, GRANTS_DB_PASSWORD,
# NOTIFICATIONS_DB_PASSWORD (docker-compose.yml passes them). To change one later, use ALTER ROLE: this
# script does not run again on an initialised volume.
set -euo pipefail

for service in bids grants notifications; do
    password_var="${service^^}_DB_PASSWORD"
    password="${!password_var:-}"
    if [[ -z "$password" ]]; then
        echo "init-databases: $password_var is not set" >&2
        exit 1
    fi
    echo "init-databases: creating role and database '$service'"
    # psql variables (:"name" quotes an identifier, :'name' a literal) keep the values out of the SQL text.
    psql --no-psqlrc -v ON_ERROR_STOP=1 \
        --username "${POSTGRES_USER:-postgres}" --dbname "${POSTGRES_DB:-postgres}" \
        -v name="$service" -v password="$password" <<'SQL'
-- NOBYPASSRLS and no superuser: the row-level-security policies on CSP-owned tables must bind the services.
CREATE ROLE :"name" LOGIN NOSUPERUSER NOBYPASSRLS PASSWORD :'password';
CREATE DATABASE :"name" OWNER :"name" ENCODING 'UTF8' TEMPLATE template0;
REVOKE ALL ON DATABASE :"name" FROM PUBLIC;
GRANT CONNECT, TEMPORARY ON DATABASE :"name" TO :"name";
SQL
done
