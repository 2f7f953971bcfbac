#!/usr/bin/env bash
# Runs toml-test's TOML 1.0 cases (carried in tomlkit's source distribution on PyPI) through
# our TOMLDocument, or through TOMLKit 0.6.0 for comparison, and prints pass/fail counts.
#   Scripts/toml-test.sh [ours|tomlkit] [--list-failures]
# The corpus and the decoders are built under $TOML_TEST_WORK (default /tmp/supportgate-toml-test),
# never in the repository. See docs/development.md, "The TOML parser".
set -euo pipefail
which=${1:-ours}
shift || true
repo=$(cd "$(dirname "$0")/.." && pwd)
work=${TOML_TEST_WORK:-/tmp/supportgate-toml-test}
mkdir -p "$work"
if [[ ! -d $work/tomlkit-0.15.3 ]]; then
    pip download --quiet --no-binary :all: --no-deps "tomlkit==0.15.3" -d "$work"
    tar -xzf "$work/tomlkit-0.15.3.tar.gz" -C "$work"
fi
tests=$work/tomlkit-0.15.3/tests/toml-test/tests
case $which in
ours)
    # Top-level code must be in a file called main.swift.
    cp "$repo/Scripts/toml-test/DocumentDecoder.swift" "$work/main.swift"
    swiftc -O -module-name TOMLTestDecoder "$repo"/Sources/TOMLDocument/*.swift "$work/main.swift" -o "$work/ours-decoder"
    decoder=$work/ours-decoder ;;
tomlkit)
    package=$work/tomlkit-run
    mkdir -p "$package/Sources/tomlkit-decoder"
    cp "$repo/Scripts/toml-test/TOMLKitDecoder.swift" "$package/Sources/tomlkit-decoder/main.swift"
    cat > "$package/Package.swift" <<'SWIFT'
// swift-tools-version: 5.9
import PackageDescription
let package = Package(
    name: "tomlkit-run",
    dependencies: [.package(url: "https://github.com/LebJe/TOMLKit", exact: "0.6.0")],
    targets: [.executableTarget(name: "tomlkit-decoder", dependencies: [.product(name: "TOMLKit", package: "TOMLKit")])]
)
SWIFT
    swift build -c release --package-path "$package" >/dev/null
    decoder=$package/.build/release/tomlkit-decoder ;;
*) echo "usage: $0 [ours|tomlkit] [--list-failures]" >&2; exit 2 ;;
esac
# TOML 1.0.0: the cases toml-test lists for that version (1.1 features are not asked of either parser).
list=$tests/files-toml-1.0.0
# One process per case: a decoder that crashes on a case (TOMLKit's toml++ aborts on an
# assertion for some invalid keys) fails that case, not the run.
: > "$work/$which.jsonl"
while read -r case; do
    if ! row=$(printf '%s\n' "$tests/$case" | "$decoder" 2>/dev/null) || [[ -z $row ]]; then
        row="{\"file\":\"$tests/$case\",\"ok\":false,\"crashed\":true,\"message\":\"the decoder crashed\"}"
    fi
    printf '%s\n' "$row" >> "$work/$which.jsonl"
done < <(grep -E '\.toml$' "$list")
python3 "$repo/Scripts/toml-test/compare.py" "$tests" "$work/$which.jsonl" "$@"
# Located errors on a few broken configurations, for comparing the two by eye.
echo "located errors:"
for bad in "$repo"/Scripts/toml-test/bad-configs/*.toml; do
    row=$(printf '%s\n' "$bad" | "$decoder" 2>/dev/null) || row='{"message":"the decoder crashed"}'
    printf '%s\n' "$row" | python3 -c 'import json, os, sys; r = json.loads(sys.stdin.read()); print("  %s:%s:%s: %s" % (os.path.basename(r.get("file", "?")), r.get("line"), r.get("column"), r.get("message")))'
done
