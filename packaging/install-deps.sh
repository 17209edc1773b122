#!/usr/bin/env bash
# Installs, only when missing, every Debian 12 package that Flotilla's build, app and tests need.
# Works as root or through sudo. Quiet when everything is already there.
set -euo pipefail

PACKAGES=(
  # toolchain
  build-essential cmake ninja-build ccache pkg-config dpkg-dev file lld
  # Qt 6
  qt6-base-dev qt6-base-dev-tools qt6-charts-dev qt6-svg-dev qt6-tools-dev qt6-tools-dev-tools
  qt6-l10n-tools qt6-qpa-plugins libqt6svg6 libqt6opengl6-dev libgl-dev
  # engine libraries
  nlohmann-json3-dev libyaml-cpp-dev libyaml-dev libsqlite3-dev libssl-dev libcurl4-openssl-dev libarchive-dev zlib1g-dev
  libboost-dev
  # the allocator of the flotilla program (glibc's malloc slows down on a heap of 150,000 decoded objects)
  libjemalloc-dev
  # running the window without a display, and readable fonts
  xvfb xauth fonts-dejavu-core
  # checking the desktop file and AppStream metadata
  desktop-file-utils appstream
  # checking OCI image layouts written by the builder
  skopeo
  # the tests reach published ports of sandbox containers as the course does
  curl
  # real servers the interoperability tests start on loopback: a Docker engine, a registry, a base image
  docker.io docker-registry busybox-static
  # TLS registries with a CA of the tests' own, and the token service of the registry tests
  openssl python3
)

missing=()
for p in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q '^install ok installed$'; then
    missing+=("$p")
  fi
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "install-deps: installing ${missing[*]}"
SUDO=()
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO=(sudo); else
    echo "install-deps: need root or sudo to install: ${missing[*]}" >&2; exit 1
  fi
fi
export DEBIAN_FRONTEND=noninteractive
"${SUDO[@]}" apt-get update -qq
"${SUDO[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
