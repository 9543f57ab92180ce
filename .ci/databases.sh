#!/usr/bin/env bash
# Creates the databases the tests use, in PostgreSQL and MariaDB on loopback, if they are missing.
set -euo pipefail
DATABASES=(surge_test surge_shard0 surge_shard1)
for db in "${DATABASES[@]}"; do
  if ! psql -h 127.0.0.1 -U postgres -tAc "SELECT 1 FROM pg_database WHERE datname='$db'" | grep -q 1; then
    psql -h 127.0.0.1 -U postgres -qc "CREATE DATABASE $db"
  fi
  mariadb -h 127.0.0.1 -u root -e "CREATE DATABASE IF NOT EXISTS $db"
done
echo "databases ready: ${DATABASES[*]}"
