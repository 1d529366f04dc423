#!/bin/bash
# Minimal stand-in for the official postgres image's entrypoint, for the
# locally built retort-test/postgres:15 image (no registry needed).
#
# Honours POSTGRES_USER, POSTGRES_PASSWORD, POSTGRES_DB, POSTGRES_INITDB_ARGS,
# POSTGRES_HOST_AUTH_METHOD, PGDATA and /docker-entrypoint-initdb.d/*.
# Like the official image, the first start runs a temporary socket-only server
# for initialisation, stops it, then execs the real server, so the line
# "database system is ready to accept connections" is logged twice
# (testcontainers-go's postgres.BasicWaitStrategies waits for 2 occurrences).
set -Eeuo pipefail

export PATH="/usr/lib/postgresql/15/bin:$PATH"
export PGDATA="${PGDATA:-/var/lib/postgresql/data}"

# `docker run IMG -c fsync=off` -> `postgres -c fsync=off`
if [ "$#" -eq 0 ] || [ "${1:0:1}" = '-' ]; then
	set -- postgres "$@"
fi

want_help() {
	local arg
	for arg; do
		case "$arg" in
			-'?'|--help|--describe-config|-V|--version|-C|-C*) return 0 ;;
		esac
	done
	return 1
}

run_init_files() {
	local f
	for f in /docker-entrypoint-initdb.d/*; do
		[ -e "$f" ] || continue
		case "$f" in
			*.sh)
				if [ -x "$f" ]; then
					echo "$0: running $f"; "$f"
				else
					echo "$0: sourcing $f"; . "$f"
				fi ;;
			*.sql)    echo "$0: running $f"; psql_init -f "$f" ;;
			*.sql.gz) echo "$0: running $f"; gunzip -c "$f" | psql_init ;;
			*.sql.xz) echo "$0: running $f"; xz -dc "$f" | psql_init ;;
			*)        echo "$0: ignoring $f" ;;
		esac
	done
}

psql_init() {
	psql -v ON_ERROR_STOP=1 --no-password --no-psqlrc \
		--username "$POSTGRES_USER" --dbname "$POSTGRES_DB" "$@"
}

init_cluster() {
	: "${POSTGRES_USER:=postgres}"
	: "${POSTGRES_DB:=$POSTGRES_USER}"
	: "${POSTGRES_HOST_AUTH_METHOD:=scram-sha-256}"
	: "${POSTGRES_INITDB_ARGS:=}"
	export POSTGRES_USER POSTGRES_DB POSTGRES_PASSWORD="${POSTGRES_PASSWORD:-}"

	if [ -z "$POSTGRES_PASSWORD" ] && [ "$POSTGRES_HOST_AUTH_METHOD" != trust ]; then
		echo "error: database is uninitialized and superuser password is not specified." >&2
		echo "       set POSTGRES_PASSWORD (or POSTGRES_HOST_AUTH_METHOD=trust)." >&2
		exit 1
	fi

	local pwfile
	pwfile=$(mktemp)
	printf '%s\n' "${POSTGRES_PASSWORD:-postgres}" >"$pwfile"
	# shellcheck disable=SC2086 # POSTGRES_INITDB_ARGS is split on purpose
	initdb --username="$POSTGRES_USER" --pwfile="$pwfile" \
		--encoding=UTF8 --locale=C.UTF-8 --no-sync $POSTGRES_INITDB_ARGS
	rm -f "$pwfile"

	{
		echo
		echo "listen_addresses = '*'"
	} >>"$PGDATA/postgresql.conf"
	{
		echo
		echo "host all all all $POSTGRES_HOST_AUTH_METHOD"
	} >>"$PGDATA/pg_hba.conf"

	# Temporary server on the unix socket only (as the official image does).
	PGUSER="$POSTGRES_USER" pg_ctl -D "$PGDATA" -w \
		-o "-c listen_addresses='' -p 5432" start

	if [ "$POSTGRES_DB" != postgres ]; then
		psql -v ON_ERROR_STOP=1 --no-password --no-psqlrc \
			--username "$POSTGRES_USER" --dbname postgres \
			--set db="$POSTGRES_DB" <<-'EOSQL'
			CREATE DATABASE :"db";
		EOSQL
	fi

	run_init_files

	pg_ctl -D "$PGDATA" -m fast -w stop
	echo
	echo 'PostgreSQL init process complete; ready for start up.'
	echo
}

if [ "$1" = postgres ] && ! want_help "$@"; then
	if [ "$(id -u)" = 0 ]; then
		mkdir -p "$PGDATA" /var/run/postgresql
		chown postgres:postgres "$PGDATA" /var/run/postgresql
		chmod 700 "$PGDATA"
		chmod 3777 /var/run/postgresql
		exec setpriv --reuid=postgres --regid=postgres --init-groups "${BASH_SOURCE[0]}" "$@"
	fi
	if [ ! -s "$PGDATA/PG_VERSION" ]; then
		init_cluster
	else
		echo "PostgreSQL database directory appears to contain a database; skipping initialization"
	fi
fi

exec "$@"
