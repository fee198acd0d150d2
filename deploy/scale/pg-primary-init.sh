#!/bin/sh
# docker-compose `scale` profile: the replication role the standby's pg_basebackup uses, and the
# pg_hba line that lets it stream WAL (run once, by the image's entrypoint, on a new data folder).
set -e
psql -v ON_ERROR_STOP=1 -U "$POSTGRES_USER" -d "$POSTGRES_DB" -c "CREATE ROLE replicator WITH REPLICATION LOGIN PASSWORD '${REPLICATION_PASSWORD}'"
echo "host replication replicator all scram-sha-256" >> "$PGDATA/pg_hba.conf"
