#!/usr/bin/env bash
# `make images`: build one image per service, the gateway and the dev SMTP sink, tagged
# foyer/<name>:$IMAGE_TAG, with docker or podman. Without either it says so and builds nothing.
set -euo pipefail
cd "${0%/*}/.."
TAG="${IMAGE_TAG:-0.1.0}"
engine="${CONTAINER_ENGINE:-}"
if [ -z "$engine" ]; then
  for candidate in docker podman; do
    if command -v "$candidate" >/dev/null 2>&1; then engine="$candidate"; break; fi
  done
fi
if [ -z "$engine" ]; then
  echo "make images: no container engine (docker or podman) on this machine; nothing built."
  echo "The Dockerfiles are still checked by 'make infra-check' (hadolint)."
  exit 0
fi
if ! "$engine" info >/dev/null 2>&1; then
  echo "make images: $engine is installed but its daemon does not answer; nothing built."
  exit 0
fi
build() {  # name dockerfile
  echo "building foyer/$1:$TAG ($2)"
  "$engine" build --file "$2" --tag "foyer/$1:$TAG" .
}
build gateway gateway/Dockerfile
for service in identity registry crm imports notify; do
  build "$service" "services/$service/Dockerfile"
done
build smtp-sink infra/smtp-sink/Dockerfile
echo "built foyer/*:$TAG with $engine"
