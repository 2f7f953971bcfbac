# Shared by the forwarder's end-to-end tests (t-86, t-87, t-88): the gate and
# supportgate-forward.service as shipped under the namespaced systemd, the test double of
# Microsoft outside the namespace on loopback, credentials in /etc/supportgate/credentials.
# Source it after lib.sh; do not run it.
FABRIKAM=fab00000-0000-4000-8000-000000000003
FORWARD_HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
FORWARD_CANARY="canary-$RANDOM$RANDOM$RANDOM"   # Fabrikam's client secret and refresh token carry it
spool=/var/spool/supportgate

# forward_directory OUT: the gate's directory with Contoso's and Fabrikam's incidents unlimited
# (a thousand accepted drafts would use up Contoso's twenty), and Fabrikam entitled to every product.
forward_directory() {
    python3 - "$E2E_ROOT/Config/directory.json" "$1" <<'PY'
import json, sys
directory = json.load(open(sys.argv[1]))
for partner in directory["partners"]:
    if partner["name"].startswith("Contoso"):
        for entitlement in partner["entitlements"]:
            entitlement["incidents"] = None
    if partner["name"].startswith("Fabrikam"):
        partner["entitlements"] = [{"id": "fabrikam-premier-2026", "kind": "premier",
            "products": ["azure", "office365", "dynamics365", "ems"],
            "validFrom": "2026-01-01T00:00:00Z", "validUntil": "2028-01-01T00:00:00Z", "incidents": None}]
json.dump(directory, open(sys.argv[2], "w"), indent=1)
PY
}

# forward_drafts OUT COUNT PREFIX: COUNT drafts of every kind the examples give, round robin
# over Contoso (uid 1001) and Fabrikam (uid 1003), as OUT/<uid>/<draftId>.json; each tenant
# gets a subscription of its own (the double gives each subscription one owner).
forward_drafts() {
    python3 "$FORWARD_HERE/forward_drafts.py" "$E2E_ROOT/Config/examples" "$@"
}

# forward_start_double DIR DRAFTS...: the double with a world matching the directory and drafts; sets DOUBLE_PORT, DOUBLE_DIR.
forward_start_double() {
    DOUBLE_DIR=$1; shift
    local args=() folder
    for folder in "$@"; do args+=(--drafts "$folder"); done
    python3 "$E2E_ROOT/MicrosoftDouble/world_from_directory.py" --directory "$E2E_WORK/forward-directory.json" "${args[@]}" \
        | python3 -c '
import json, sys
world = json.load(sys.stdin)
fabrikam, canary = sys.argv[1], sys.argv[2]
for app in world["apps"]:
    if app["tenantId"] == fabrikam: app["clientSecret"] = canary + "-secret"
for token in world["refreshTokens"]:
    if token["tenantId"] == fabrikam: token["token"] = canary + "-refresh"
world["serviceRequests"] = [{"id": sr, "partnerTenantId": "c0a70500-0000-4000-8000-000000000001",
    "customerTenantId": "600d9000-0000-4000-8000-00000000c003", "title": "linked", "status": "open", "severity": "minimal"}
    for sr in ("616122292874576", "616122292874578")]
json.dump(world, sys.stdout, indent=1)' "$FABRIKAM" "$FORWARD_CANARY" > "$E2E_WORK/world.json"
    DOUBLE_PORT=$(start_microsoft_double "$DOUBLE_DIR" "$E2E_WORK/world.json") || return 1
}

# double_call METHOD PATH [JSON]: the double's control API.
double_call() {
    curl -s --max-time 20 --cacert "$DOUBLE_DIR/ca.pem" -X "$1" -H 'Content-Type: application/json' \
        "https://localhost:$DOUBLE_PORT/_double/$2" ${3:+-d "$3"}
}

# forward_install [TOML-EXTRA]: directory, credentials (0600 root) of both partners, the
# configuration's [forward] section (endpoints at the double, its CA), a drop-in for a short
# watchdog; starts the gate. The forwarder's unit is started by the test.
forward_install() {
    shared_run
    forward_directory "$E2E_WORK/forward-directory.json"
    ns install -m 0640 -o root -g supportgate "$E2E_WORK/forward-directory.json" /etc/supportgate/directory.json
    ns install -d -m 0700 /etc/supportgate/credentials
    local partner secret refresh app
    for partner in "$CONTOSO" "$FABRIKAM"; do
        app=$(python3 -c 'import uuid,sys; print(uuid.uuid5(uuid.NAMESPACE_URL, "supportgate-double-app/" + sys.argv[1]))' "$partner")
        secret="double-secret-$partner"; refresh="0.double-seed.$partner"
        if [ "$partner" = "$FABRIKAM" ]; then secret="$FORWARD_CANARY-secret"; refresh="$FORWARD_CANARY-refresh"; fi
        printf '{"clientId": "%s", "clientSecret": "%s", "refreshToken": "%s"}\n' "$app" "$secret" "$refresh" > "$E2E_WORK/creds-$partner.json"
        ns install -m 0600 -o root -g root "$E2E_WORK/creds-$partner.json" "/etc/supportgate/credentials/$partner.json"
    done
    rm -f "$E2E_WORK"/creds-*.json
    ns install -m 0644 "$DOUBLE_DIR/ca.pem" /etc/supportgate/double-ca.pem
    cat "$E2E_WORK/supportgate.toml" - > "$E2E_WORK/forward.toml" <<TOML

[metrics]
textfile = "/run/supportgate-metrics/supportgate.prom"

[forward]
caFile = "/etc/supportgate/double-ca.pem"
since = "2026-01-01T00:00:00Z"
concurrency = 16
perPartnerConcurrency = 8
statusIntervalMinutes = 1
${1:-}

[forward.endpoints.public]
authority = "https://localhost:$DOUBLE_PORT"
azure = "https://localhost:$DOUBLE_PORT"
partnerCenter = "https://localhost:$DOUBLE_PORT"
TOML
    ns install -m 0644 "$E2E_WORK/forward.toml" /etc/supportgate/supportgate.toml
    ns mkdir -p /run/systemd/system/supportgate-forward.service.d
    printf '[Service]\nWatchdogSec=10s\nRestartSec=300ms\n' > "$E2E_WORK/forward-test.conf"
    ns install -m 0644 "$E2E_WORK/forward-test.conf" /run/systemd/system/supportgate-forward.service.d/test.conf
    ns systemctl daemon-reload
    ns systemctl start supportgate.service
}

# drop_all DRAFTS: every OUT/<uid>/*.json dropped by its uid (cp into incoming/, as a submitter does).
drop_all() {
    local folder uid
    for folder in "$1"/*/; do
        uid=$(basename "$folder")
        as_uid "$uid" sh -c "cp '$folder'/*.json $spool/incoming/"
    done
}

# ticket_names_of DRAFTS: "partner draftId ticketName" of each accepted Azure result.
accepted_azure() {
    ns python3 - "$spool" <<'PY'
import json, pathlib, sys
for path in sorted(pathlib.Path(sys.argv[1], "accepted").glob("*/*.json")):
    result = json.loads(path.read_text())
    submission = result.get("submission") or {}
    if submission.get("target") == "azure-support-api":
        name = submission["path"].split("/supportTickets/")[1].split("?")[0]
        print(path.parent.name, result["draftId"], name)
PY
}

forward_cursor() { ns journalctl --show-cursor -n 0 -o cat | sed -n 's/^-- cursor: //p'; }
