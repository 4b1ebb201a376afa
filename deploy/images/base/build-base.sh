#!/usr/bin/env bash
# Builds the base image of Strata's images from Debian packages, for machines that reach no
# container registry: a minimal Debian root (mmdebstrap, variant minbase) with a headless JRE,
# imported into podman. Where a registry is reachable, any JRE 17+ image with bash works instead
# (e.g. eclipse-temurin:17-jre, the Containerfile's default).
#
#   deploy/images/base/build-base.sh IMAGE   e.g. localhost/strata/jre-base:17-bookworm
#
# Environment: STRATA_BASE_SUITE (default bookworm), STRATA_BASE_MIRROR (default: this machine's
# apt sources), STRATA_BASE_JRE (default openjdk-17-jre-headless). Needs root, mmdebstrap, podman.
set -euo pipefail
image="${1:?usage: build-base.sh IMAGE}"
suite="${STRATA_BASE_SUITE:-bookworm}"
jre="${STRATA_BASE_JRE:-openjdk-17-jre-headless}"
mirror=()
[[ -n "${STRATA_BASE_MIRROR:-}" ]] && mirror=("$STRATA_BASE_MIRROR")

tarball="$(mktemp --suffix=.tar)"
trap 'rm -f "$tarball"' EXIT

# Docs, man pages, locales and apt's lists are of no use in a container and are a third of the
# size. They are removed after the install rather than excluded with dpkg's path-exclude, which
# makes mmdebstrap filter every package through mmtarfilter (minutes more here).
mmdebstrap --variant=minbase --quiet \
  --include="$jre" \
  --customize-hook='rm -rf "$1"/usr/share/doc/* "$1"/usr/share/man/* "$1"/usr/share/info/* "$1"/usr/share/locale/*' \
  --customize-hook='rm -rf "$1"/var/lib/apt/lists/* "$1"/var/cache/apt/* "$1"/var/log/*' \
  "$suite" "$tarball" "${mirror[@]}"

podman import \
  --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
  --change 'ENV LANG=C.UTF-8' \
  --change 'CMD ["bash"]' \
  --message "minimal Debian $suite with $jre (deploy/images/base/build-base.sh)" \
  "$tarball" "$image"
