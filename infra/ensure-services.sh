#!/usr/bin/env bash
# Make sure the local PostgreSQL and/or RabbitMQ are running; start (or install) them if not.
# Usage: ensure-services.sh [postgres] [rabbitmq]   (no argument: both)
set -euo pipefail
wanted=("$@"); [ ${#wanted[@]} -eq 0 ] && wanted=(postgres rabbitmq)

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

wait_port() {
  for _ in $(seq 1 60); do port_open "$1" && return 0; sleep 1; done
  echo "$2 did not come up on port $1" >&2; return 1
}

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

# `make test` runs up to three whole suites at once (e2e, faults, the access matrix or the
# fuzzing), 13 processes each with their own pools, beside the services' own tests, all on this
# one server: PostgreSQL's default of 100 connections answers "too many clients" (deployments
# give each service its own server). Raised once; takes a restart.
MIN_CONNECTIONS=300
ensure_connections() {
  local now
  now=$(psql -h 127.0.0.1 -U postgres -Atc "SHOW max_connections" 2>/dev/null) || return 0
  [ "${now:-0}" -ge "$MIN_CONNECTIONS" ] && return 0
  echo "Raising PostgreSQL max_connections from $now to $MIN_CONNECTIONS (a restart)..."
  psql -h 127.0.0.1 -U postgres -qc "ALTER SYSTEM SET max_connections = $MIN_CONNECTIONS"
  as_root pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | sort -V | tail -1)" main restart
  wait_port 5432 PostgreSQL
}

for svc in "${wanted[@]}"; do
  case "$svc" in
    postgres)
      port_open 5432 && { ensure_connections; continue; }
      if ! ls /etc/postgresql >/dev/null 2>&1; then
        echo "Installing PostgreSQL (Debian package)..."
        as_root apt-get update -qq && as_root apt-get install -y -qq postgresql >/dev/null
      fi
      echo "Starting PostgreSQL..."
      as_root pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | sort -V | tail -1)" main start
      wait_port 5432 PostgreSQL
      ensure_connections ;;
    rabbitmq)
      port_open 5672 && continue
      if ! command -v rabbitmq-server >/dev/null 2>&1; then
        echo "Installing RabbitMQ (Debian package)..."
        as_root apt-get update -qq && as_root apt-get install -y -qq rabbitmq-server >/dev/null
      fi
      echo "Starting RabbitMQ..."
      as_root rabbitmq-server -detached
      wait_port 5672 RabbitMQ
      # The port opens before the broker accepts work; wait until it answers.
      for _ in $(seq 1 30); do as_root rabbitmqctl -q status >/dev/null 2>&1 && break; sleep 1; done ;;
    *) echo "unknown service $svc" >&2; exit 2 ;;
  esac
done
