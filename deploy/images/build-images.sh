#!/usr/bin/env bash
# Builds the container images of every Strata service with podman (./strata images runs this).
#
#   build-images.sh [--tag TAG] [--base IMAGE] [--rebuild-base] [SERVICE...]
#
# Step 1 makes the base image (deploy/images/base/build-base.sh: Debian + a headless JRE) unless
# podman already has it, so later runs reuse it; --base uses another JRE image instead (e.g.
# docker.io/library/eclipse-temurin:17-jre where a registry is reachable). Then one step per
# image, strata/<service>:TAG from deploy/images/Containerfile (the build argument SERVICE picks the
# service's stage) and <service>/target.
# Each step's podman output goes to deploy/target/images/<service>.log (its tail on failure).
#
# Environment: CONTAINERS_CONF (default: deploy/images/containers.conf), STRATA_IMAGE_TAG
# (default: the project version), STRATA_BASE_IMAGE (default localhost/strata/jre-base:17-bookworm).
set -euo pipefail
root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/../.." && pwd)"
cd "$root"

all_services=(metadata-service partition-node group-coordinator gateway admin-ui)
default_base="localhost/strata/jre-base:17-bookworm"
tag="${STRATA_IMAGE_TAG:-$(sed -n 's:^  <version>\(.*\)</version>:\1:p' pom.xml | head -n 1)}"
base="${STRATA_BASE_IMAGE:-$default_base}"
rebuild_base=""
services=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --tag) tag="${2:?--tag needs a value}"; shift 2 ;;
    --base) base="${2:?--base needs an image}"; shift 2 ;;
    --rebuild-base) rebuild_base=1; shift ;;
    -*) echo "strata images: unknown option '$1'" >&2; exit 2 ;;
    *)
      if [[ ! " ${all_services[*]} " =~ \ $1\  ]]; then
        echo "strata images: unknown service '$1' (one of: ${all_services[*]})" >&2
        exit 2
      fi
      services+=("$1"); shift ;;
  esac
done
[[ ${#services[@]} -gt 0 ]] || services=("${all_services[@]}")

if ! command -v podman >/dev/null 2>&1; then
  echo "strata images: podman is not on the PATH (Debian: apt-get install podman runc; mmdebstrap too for the base image)" >&2
  exit 1
fi
export CONTAINERS_CONF="${CONTAINERS_CONF:-$root/deploy/images/containers.conf}"

for service in "${services[@]}"; do
  if [[ ! -f "$service/target/quarkus-app/quarkus-run.jar" ]]; then
    echo "strata images: $service/target/quarkus-app is missing: build first (./mvnw -B -q package -DskipTests)" >&2
    exit 1
  fi
done

logs="$root/deploy/target/images"
mkdir -p "$logs"
total=$(( ${#services[@]} + 1 ))
seconds() { echo $(( $(date +%s) - $1 )); }

started=$(date +%s)
if [[ "$base" != "$default_base" ]]; then
  echo "[1/$total] base image $base (given; pulled by podman if missing)"
elif [[ -z "$rebuild_base" ]] && podman image exists "$base"; then
  echo "[1/$total] base image $base: cached (--rebuild-base to build it again)"
else
  echo "[1/$total] base image $base: building from Debian packages (mmdebstrap) ..."
  if ! command -v mmdebstrap >/dev/null 2>&1; then
    echo "strata images: mmdebstrap is not on the PATH (apt-get install mmdebstrap), or give --base IMAGE" >&2
    exit 1
  fi
  if ! deploy/images/base/build-base.sh "$base" >"$logs/base.log" 2>&1; then
    tail -n 30 "$logs/base.log" >&2
    echo "strata images: the base image failed; the whole log is $logs/base.log" >&2
    exit 1
  fi
  echo "[1/$total] base image $base: built in $(seconds "$started") s"
fi

step=1
for service in "${services[@]}"; do
  step=$(( step + 1 ))
  image="localhost/strata/$service:$tag"
  echo "[$step/$total] $image ..."
  started=$(date +%s)
  if ! podman build --format docker --network host --build-arg "BASE_IMAGE=$base" --build-arg "SERVICE=$service" \
      --tag "$image" --file deploy/images/Containerfile "$service/target" >"$logs/$service.log" 2>&1; then
    tail -n 30 "$logs/$service.log" >&2
    echo "strata images: $image failed; the whole log is $logs/$service.log" >&2
    exit 1
  fi
  size=$(podman image inspect --format '{{.Size}}' "$image")
  echo "[$step/$total] $image built in $(seconds "$started") s, $(( size / 1000000 )) MB"
done
echo "done: ${#services[@]} image(s) tagged $tag; run them with deploy/compose/compose.yaml (see deploy/README.md)"
