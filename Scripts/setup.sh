#!/usr/bin/env bash
# Installs what building and testing supportgate needs on Debian 12 beyond the
# Swift toolchain: libsystemd (journal and sd_notify), libcrypto (SHA-256) and pkg-config.
# Idempotent; needs root (or sudo) only when something is missing.
set -euo pipefail
packages=(libsystemd-dev libssl-dev pkg-config)
missing=()
for package in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if ((${#missing[@]})); then
    sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    export DEBIAN_FRONTEND=noninteractive
    $sudo apt-get update -qq
    $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
command -v swift >/dev/null || { echo "setup: swift is not on PATH; install Swift 6.x first" >&2; exit 1; }
echo "setup: ok ($(swift --version 2>/dev/null | head -n 1))"
