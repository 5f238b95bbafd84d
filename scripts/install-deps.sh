#!/usr/bin/env bash
# Installs exactly the Debian 12 packages bayscan needs; runs apt-get update only when one is missing.
set -euo pipefail
packages=(
  build-essential cmake ninja-build ccache pkg-config
  libboost1.81-dev libboost-json1.81-dev   # Boost 1.81 (plain libboost-dev is 1.74)
  libserialport-dev libsqlite3-dev zlib1g-dev
  libcli11-dev libfmt-dev
  libgtest-dev libgmock-dev googletest libbenchmark-dev
  python3 python3-can                       # independent socketcand client used by the sim tests
)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if ((${#missing[@]})); then
  sudo_cmd=""
  [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  echo "install-deps: installing ${missing[*]}" >&2
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
