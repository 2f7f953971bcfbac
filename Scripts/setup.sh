#!/usr/bin/env bash
# Installs what building and testing supportgate needs on Debian 12 beyond the
# Swift toolchain: libsystemd (journal and sd_notify), libcrypto (SHA-256), libsqlite3 and
# libpq (the incident ledger), the PostgreSQL server (its tests start a throwaway cluster),
# node_exporter (the metrics test scrapes it), acl and curl, lintian and patchelf (the
# Debian package), and pkg-config from Debian; Python and the standard OpenAPI / JSON Schema validators of the
# independent submission check, and Microsoft's Python clients the test double of Microsoft must serve, from PyPI.
# Idempotent; needs root (or sudo) only when something is missing.
set -euo pipefail
packages=(libsystemd-dev libssl-dev libsqlite3-dev libpq-dev postgresql prometheus-node-exporter acl curl iproute2 lintian patchelf pkg-config python3 python3-pip)
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
# The first python3 on PATH is the one the tests run. Debian's own marks its packages
# as externally managed; the validators go beside them all the same (no system package
# provides them).
requirements="$(cd "$(dirname "$0")/.." && pwd)/Tests/SubmissionSchema/requirements.txt"
if ! python3 -c 'import openapi_schema_validator, jsonschema, referencing' 2>/dev/null; then
    pip_install=(python3 -m pip install --quiet --disable-pip-version-check --root-user-action=ignore -r "$requirements")
    "${pip_install[@]}" 2>/dev/null || "${pip_install[@]}" --break-system-packages
fi
# Microsoft's own clients (azure-mgmt-support, azure-identity), which the test double of
# Microsoft must serve (Tests/MicrosoftDouble/sdk_check.py), pinned there.
double_requirements="$(cd "$(dirname "$0")/.." && pwd)/Tests/MicrosoftDouble/requirements.txt"
if ! python3 -c 'import importlib.metadata as m, azure.identity, msal; assert m.version("azure-mgmt-support") == "7.0.0"' 2>/dev/null; then
    pip_install=(python3 -m pip install --quiet --disable-pip-version-check --root-user-action=ignore -r "$double_requirements")
    "${pip_install[@]}" 2>/dev/null || "${pip_install[@]}" --break-system-packages
fi
command -v swift >/dev/null || { echo "setup: swift is not on PATH; install Swift 6.x first" >&2; exit 1; }
echo "setup: ok ($(swift --version 2>/dev/null | head -n 1))"
