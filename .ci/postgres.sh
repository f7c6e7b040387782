#!/usr/bin/env bash
# Start Debian's PostgreSQL cluster on loopback and create a throwaway role and database for the tests.
# Prints the URL to use as KB_TEST_POSTGRES_URL.
set -euo pipefail
version=$(ls /usr/lib/postgresql | sort -n | tail -1)
pg_lsclusters -h | grep -q "^$version main" || pg_createcluster "$version" main >/dev/null 2>&1
pg_ctlcluster "$version" main start >/dev/null 2>&1 || true
for _ in $(seq 1 50); do pg_isready -q -h 127.0.0.1 && break; sleep 0.2; done
runuser -u postgres -- psql -q -h 127.0.0.1 -c "DROP DATABASE IF EXISTS kb_ci" >/dev/null 2>&1 || \
  runuser -u postgres -- psql -q -c "DROP DATABASE IF EXISTS kb_ci" >/dev/null
runuser -u postgres -- psql -q -c "DO \$\$ BEGIN CREATE ROLE kb_ci LOGIN CREATEDB PASSWORD 'kb_ci'; EXCEPTION WHEN duplicate_object THEN NULL; END \$\$;" >/dev/null
runuser -u postgres -- psql -q -c "CREATE DATABASE kb_ci OWNER kb_ci" >/dev/null
echo "postgres://kb_ci:kb_ci@127.0.0.1:5432/kb_ci"
