#!/usr/bin/env bash
# What `make bench` drives besides Python: wrk (load generator) and nginx (the gateway's peer).
# Installed from Debian's packages when missing, as `make up` installs PostgreSQL and RabbitMQ.
set -euo pipefail
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }
missing=()
command -v wrk >/dev/null 2>&1 || missing+=(wrk)
{ command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ]; } || missing+=(nginx-light)
[ ${#missing[@]} -eq 0 ] && exit 0
echo "Installing ${missing[*]} for the benchmarks (Debian packages)..."
as_root apt-get update -qq
# The bench starts nginx itself with its own configuration; the package's service is not wanted.
as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
