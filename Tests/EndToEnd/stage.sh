# Stages what the end-to-end tests need outside the checkout; sourced by run.sh only.
# The checkout may be anywhere: under /tmp (which the namespaced systemd covers with a
# tmpfs), under /root (0700: submitter uids cannot read in it), or in a path with spaces.
# The stage is a folder of its own under /var/lib, readable by every uid, whose path has
# no spaces: the binary, Config/, systemd/, Tests/Postgres/, the test double of Microsoft with the
# fixtures it reads, and the tests' scratch space.

stage_gate() { # stage_gate REPO BINARY
    local repo=$1 binary=$2
    E2E_STAGE=$(mktemp -d /var/lib/supportgate-e2e.XXXXXX) || return 1
    chmod 0755 "$E2E_STAGE"
    mkdir -p "$E2E_STAGE/bin" "$E2E_STAGE/repo" "$E2E_STAGE/work"
    install -m 0755 "$binary" "$E2E_STAGE/bin/supportgate"
    cp -r "$repo/Config" "$repo/systemd" "$E2E_STAGE/repo/"
    cp -r "$repo/Tests/Postgres" "$E2E_STAGE/repo/Postgres"
    cp -r "$repo/Tests/EndToEnd/hostile" "$E2E_STAGE/repo/hostile"
    # The test double of Microsoft and the OpenAPI documents it validates against (../Fixtures).
    cp -r "$repo/Tests/MicrosoftDouble" "$E2E_STAGE/repo/MicrosoftDouble"
    mkdir -p "$E2E_STAGE/repo/Fixtures"
    cp -r "$repo/Tests/Fixtures/azure-support-api" "$repo/Tests/Fixtures/partner-center" "$E2E_STAGE/repo/Fixtures/"
    chmod -R a+rX "$E2E_STAGE"
    # Refuse at once, in one line, if another uid still cannot read the stage.
    if ! setpriv --reuid=65534 --regid=65534 --clear-groups \
            sh -c 'test -r "$1/repo/Config/directory.json" && test -x "$1/bin/supportgate"' sh "$E2E_STAGE"; then
        echo "end-to-end: $E2E_STAGE is not readable by other users (a restrictive mount or umask?); cannot run" >&2
        return 1
    fi
}

