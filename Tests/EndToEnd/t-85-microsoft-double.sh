# The test double of Microsoft (Tests/MicrosoftDouble), which the forwarder is tested against,
# kept honest: Microsoft's own clients (MSAL, azure-identity, azure-mgmt-support 7.0.0) file,
# poll and read tickets through it; and each rule it checks refuses a request that breaks it
# while the near miss beside it goes through. Needs no systemd.
source "$(dirname "$0")/lib.sh"
trap stop_microsoft_doubles EXIT
started=$SECONDS
state="$E2E_WORK/double-85"
world="$E2E_ROOT/MicrosoftDouble/example-world.json"
examples="$E2E_ROOT/Fixtures/azure-support-api"
port=$(start_microsoft_double "$state" "$world") || { fail "the double starts and listens"; exit 1; }
base="https://localhost:$port"
out="$E2E_WORK/double-85-out"
mkdir -p "$out"

CONTOSO_APP=a0a70500-0000-4000-8000-00000000a001
CONTOSO_SECRET=contoso-secret-value
FABRIKAM=fab0000f-0000-4000-8000-000000000003
FABRIKAM_APP=a0a70500-0000-4000-8000-00000000a003
CUSTOMER=c0570e00-0000-4000-8000-0000000c0001          # Contoso's customer
OTHER_CUSTOMER=c0570e00-0000-4000-8000-0000000c0002    # another customer of Contoso
OWN_SUB=5ab00000-0000-4000-8000-000000000001
CUSTOMER_SUB=5ab00000-0000-4000-8000-0000000c0001
MGMT=https://management.azure.com/.default
PC=https://api.partnercenter.microsoft.com/.default

# call METHOD PATH [curl options]: the answer's status in $code, its body in $out/body, its
# headers in $out/headers; curl's own exit code in $curl_status (56: the connection was reset).
call() {
    local method=$1 path=$2; shift 2
    curl_status=0
    code=$(curl -s -o "$out/body" -D "$out/headers" -w '%{http_code}' --max-time 20 --cacert "$state/ca.pem" \
        -X "$method" "$base$path" "$@") || curl_status=$?
}
# field A.B: that field of the last answer's JSON body ("" when absent).
field() {
    python3 -c '
import json, sys
try:
    value = json.load(open(sys.argv[1]))
except ValueError:
    value = None
for key in sys.argv[2].split("."):
    value = value.get(key) if isinstance(value, dict) else None
print("" if value is None else value)' "$out/body" "$1"
}
header() { tr -d '\r' < "$out/headers" | sed -n "s/^$1: //Ip" | head -n 1; }
# token TENANT [SCOPE] [CLIENT SECRET]: a client-credentials token (Contoso's app by default).
token() {
    call POST "/$1/oauth2/v2.0/token" --data-urlencode grant_type=client_credentials \
        --data-urlencode "client_id=${3:-$CONTOSO_APP}" --data-urlencode "client_secret=${4:-$CONTOSO_SECRET}" \
        --data-urlencode "scope=${2:-$MGMT}"
    field access_token
}
# body EXAMPLE [PYTHON]: the create body of a Microsoft example file, changed by PYTHON (on b).
body() {
    python3 -c 'import json,sys; b=json.load(open(sys.argv[1]))["parameters"]["createSupportTicketParameters"]; exec(sys.argv[2]); print(json.dumps(b))' \
        "$examples/$1" "${2:-pass}" > "$out/request.json"
    echo "$out/request.json"
}
# put PATH TOKEN BODYFILE [curl options]: PUT a ticket.
put() { local path=$1 bearer=$2 file=$3; shift 3; call PUT "$path" -H "Authorization: Bearer $bearer" -H 'Content-Type: application/json' --data-binary "@$file" "$@"; }
ticket_path() { echo "/subscriptions/$1/providers/Microsoft.Support/supportTickets/$2?api-version=${3:-2024-04-01}"; }
control() { local method=$1 path=$2; shift 2; call "$method" "/_double/$path" -H 'Content-Type: application/json' "$@"; }
violations_of() { control GET violations; python3 -c 'import json,sys; print(sum(1 for v in json.load(open(sys.argv[1])) if v["kind"] == sys.argv[2]))' "$out/body" "$1"; }

# --- Microsoft's own clients ----------------------------------------------------------
sdk_started=$SECONDS
python3 "$E2E_ROOT/MicrosoftDouble/sdk_check.py" --state "$state" --config "$world" > "$out/sdk.log" 2>&1
sdk_status=$?
sed 's/^/    /' "$out/sdk.log"
check "Microsoft's SDK: MSAL discovery and grants, azure-identity + azure-mgmt-support 7.0.0 checkName, begin_create with its LRO poller, get ($((SECONDS - sdk_started)) s)" test "$sdk_status" -eq 0

own=$(token "$CONTOSO")
check "client credentials: a JWT-shaped token (header.payload.signature) for management" sh -c "echo '$own' | grep -Eq '^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$'"
token "$CONTOSO" "$MGMT" "$CONTOSO_APP" wrong-secret > /dev/null
check "a wrong client secret: 401 invalid_client AADSTS7000215" sh -c "[ $code = 401 ] && grep -q '\"invalid_client\"' $out/body && grep -q AADSTS7000215 $out/body"
token "$FABRIKAM" "$MGMT" > /dev/null
check "Contoso's app in Fabrikam's tenant (not its customer): 400 unauthorized_client AADSTS700016" sh -c "[ $code = 400 ] && grep -q AADSTS700016 $out/body"
token "$CONTOSO" "https://management.azure.com/user_impersonation" > /dev/null
check "client credentials without /.default: 400 invalid_scope" sh -c "[ $code = 400 ] && grep -q invalid_scope $out/body"

# --- bodies against the document of the path's api-version -----------------------------
put "$(ticket_path $OWN_SUB missing-title)" "$own" "$(body 2024-04-01/CreateBillingSupportTicketForSubscription.json 'del b["properties"]["title"]')"
check "a body missing a required property (title): 400 BadRequest naming it" sh -c "[ $code = 400 ] && grep -q BadRequest $out/body && grep -q title $out/body"
put "$(ticket_path $OWN_SUB with-title)" "$own" "$(body 2024-04-01/CreateBillingSupportTicketForSubscription.json)"
check "near miss: Microsoft's own example body: 202" test "$code" = 202
put "$(ticket_path $OWN_SUB old-shape 2024-04-01)" "$own" "$(body 2020-04-01/CreateTechnicalSupportTicketForSubscription.json)"
check "a 2020-04-01 body (no advancedDiagnosticConsent) under api-version 2024-04-01: 400" sh -c "[ $code = 400 ] && grep -q advancedDiagnosticConsent $out/body"
put "$(ticket_path $OWN_SUB old-shape 2020-04-01)" "$own" "$(body 2020-04-01/CreateTechnicalSupportTicketForSubscription.json)"
check "near miss: the same body under api-version 2020-04-01: 202" test "$code" = 202
put "$(ticket_path $OWN_SUB unknown-version 2019-05-01-preview)" "$own" "$(body 2024-04-01/CreateBillingSupportTicketForSubscription.json)"
check "an unknown api-version: 400 NoRegisteredProviderFound" sh -c "[ $code = 400 ] && grep -q NoRegisteredProviderFound $out/body"
put "/providers/Microsoft.Support/supportTickets/tenant-2020?api-version=2020-04-01" "$own" "$(body 2020-04-01/CreateTechnicalSupportTicketForSubscription.json)"
check "tenant scope under 2020-04-01, whose document has no such path: 400 InvalidResourceType" sh -c "[ $code = 400 ] && grep -q InvalidResourceType $out/body"
put "/providers/Microsoft.Support/supportTickets/tenant-2024?api-version=2024-04-01" "$own" "$(body 2024-04-01/CreateBillingSupportTicket.json)"
check "near miss: tenant scope under 2024-04-01: 202" test "$code" = 202

# --- tenants: primary and auxiliary tokens --------------------------------------------
customer_token=$(token "$CUSTOMER")
put "$(ticket_path $CUSTOMER_SUB csp-alone)" "$customer_token" "$(body 2024-04-01/CreateBillingSupportTicketForSubscription.json)"
check "a customer's subscription without the partner's auxiliary token: 403 AuthorizationFailed" sh -c "[ $code = 403 ] && grep -q AuthorizationFailed $out/body"
other_token=$(token "$OTHER_CUSTOMER")
put "$(ticket_path $CUSTOMER_SUB csp-wrong)" "$customer_token" "$out/request.json" -H "x-ms-authorization-auxiliary: Bearer $other_token"
check "an auxiliary token of a tenant that is not the customer's partner (same app): 403 LinkedAuthorizationFailed" sh -c "[ $code = 403 ] && grep -q LinkedAuthorizationFailed $out/body"
fabrikam_token=$(token "$FABRIKAM" "$MGMT" "$FABRIKAM_APP" fabrikam-secret)
put "$(ticket_path $CUSTOMER_SUB csp-fabrikam)" "$customer_token" "$out/request.json" -H "x-ms-authorization-auxiliary: Bearer $fabrikam_token"
check "an auxiliary token of another partner: 403" test "$code" = 403
put "$(ticket_path $CUSTOMER_SUB csp-good)" "$customer_token" "$out/request.json" -H "x-ms-authorization-auxiliary: Bearer $own"
check "near miss: the customer's token with the partner's as auxiliary: 202" test "$code" = 202
put "$(ticket_path $CUSTOMER_SUB csp-partner-primary)" "$own" "$out/request.json"
check "the partner's own token on the customer's subscription: 401 InvalidAuthenticationTokenTenant" sh -c "[ $code = 401 ] && grep -q InvalidAuthenticationTokenTenant $out/body"
pc_app_only=$(token "$CONTOSO" "$PC")
put "$(ticket_path $OWN_SUB wrong-audience)" "$pc_app_only" "$out/request.json"
check "a Partner Center token at the Support API: 401 InvalidAuthenticationTokenAudience" sh -c "[ $code = 401 ] && grep -q InvalidAuthenticationTokenAudience $out/body"

# --- expiry ---------------------------------------------------------------------------
control POST settings -d '{"expiresIn": 1}'
short=$(token "$CONTOSO")
control POST settings -d '{"expiresIn": 3600}'
sleep 1.2
call GET "$(ticket_path $OWN_SUB with-title)" -H "Authorization: Bearer $short"
check "an expired token: 401 ExpiredAuthenticationToken with WWW-Authenticate error=\"invalid_token\"" sh -c "[ $code = 401 ] && grep -q ExpiredAuthenticationToken $out/body && grep -qi '^WWW-Authenticate: Bearer .*error=\"invalid_token\"' $out/headers"
call GET "$(ticket_path $OWN_SUB with-title)" -H "Authorization: Bearer $own"
id=$(field properties.supportTicketId); status=$(field properties.status)
check "near miss: an unexpired token reads the ticket: 200 with a numeric supportTicketId ($id) and status Open" sh -c "[ $code = 200 ] && echo '$id' | grep -Eq '^[0-9]+$' && [ '$status' = Open ]"
control POST tokens/expire -d "{\"tenantId\": \"$CONTOSO\"}"
call GET "$(ticket_path $OWN_SUB with-title)" -H "Authorization: Bearer $own"
check "the knob: a token treated as expired: 401 invalid_token" sh -c "[ $code = 401 ] && grep -qi 'error=\"invalid_token\"' $out/headers"
own=$(token "$CONTOSO")
call GET "$(ticket_path $OWN_SUB with-title)" -H "Authorization: Bearer $own"
check "near miss: a token issued after it: 200" test "$code" = 200

# --- refresh tokens: rotation, revocation ---------------------------------------------
refresh() { # refresh TOKEN [CLIENT SECRET]
    call POST "/$CONTOSO/oauth2/v2.0/token" --data-urlencode grant_type=refresh_token --data-urlencode "refresh_token=$1" \
        --data-urlencode "client_id=${2:-$CONTOSO_APP}" --data-urlencode "client_secret=${3:-$CONTOSO_SECRET}" --data-urlencode "scope=$PC"
}
control GET refresh-tokens
seed=$(python3 -c 'import json,sys; print(next(t["token"] for t in json.load(open(sys.argv[1])) if t["current"] and t["clientId"] == sys.argv[2]))' "$out/body" "$CONTOSO_APP")
refresh "$seed"; rotated=$(field refresh_token); user_token=$(field access_token)
check "the refresh-token grant: 200 with a new refresh token" sh -c "[ $code = 200 ] && [ -n '$rotated' ] && [ '$rotated' != '$seed' ]"
refresh "$seed"
check "a rotated-away refresh token: 400 invalid_grant" sh -c "[ $code = 400 ] && grep -q '\"invalid_grant\"' $out/body"
refresh "$rotated"; rotated2=$(field refresh_token)
check "near miss: the rotated refresh token works once: 200" test "$code" = 200
control POST refresh-tokens/revoke -d "{\"token\": \"$rotated2\"}"
refresh "$rotated2"
check "a revoked refresh token: 400 invalid_grant AADSTS50173" sh -c "[ $code = 400 ] && grep -q AADSTS50173 $out/body"

# --- Partner Center -------------------------------------------------------------------
call GET /v1/servicerequests/616122292874576 -H "Authorization: Bearer $user_token"
check "Partner Center: a service request by id with an App+User token: 200, the documented shape" sh -c "[ $code = 200 ] && [ '$(field id)' = 616122292874576 ] && [ '$(field attributes.objectType)' = ServiceRequest ]"
pc_app_only=$(token "$CONTOSO" "$PC")
call GET /v1/servicerequests/616122292874576 -H "Authorization: Bearer $pc_app_only"
check "Partner Center: an app-only token: 403" test "$code" = 403
call GET /v1/servicerequests/616122292874577 -H "Authorization: Bearer $user_token"
check "Partner Center: another partner's service request: 404" test "$code" = 404
call GET "/v1/customers/$CUSTOMER/servicerequests" -H "Authorization: Bearer $user_token"
check "Partner Center: the customer's list: 1 item" sh -c "[ $code = 200 ] && [ '$(field totalCount)' = 1 ]"
control POST servicerequests/status -d '{"id": "616122292874576", "status": "closed"}'
call GET /v1/servicerequests/616122292874576 -H "Authorization: Bearer $user_token"
check "Partner Center: a status set through the control API shows" test "$(field status)" = closed

# --- exactly once: a second create, names ---------------------------------------------
before=$(violations_of duplicate-create)
put "$(ticket_path $OWN_SUB with-title)" "$own" "$(body 2024-04-01/CreateBillingSupportTicketForSubscription.json)"
after=$(violations_of duplicate-create)
check "a second create of one name: 409 and a duplicate-create violation recorded" sh -c "[ $code = 409 ] && [ $after -eq $((before + 1)) ]"
put "$(ticket_path $OWN_SUB another-name)" "$own" "$out/request.json"
check "near miss: another name: 202, no new violation" sh -c "[ $code = 202 ] && [ $(violations_of duplicate-create) -eq $after ]"
check_name() { call POST "$1" -H "Authorization: Bearer $own" -H 'Content-Type: application/json' -d "{\"name\": \"$2\", \"type\": \"Microsoft.Support/supportTickets\"}"; field nameAvailable; }
check "checkNameAvailability (subscription scope, 2020-04-01): a taken name is not available" test "$(check_name "/subscriptions/$OWN_SUB/providers/Microsoft.Support/checkNameAvailability?api-version=2020-04-01" with-title)" = False
check "near miss: a free name is available" test "$(check_name "/subscriptions/$OWN_SUB/providers/Microsoft.Support/checkNameAvailability?api-version=2024-04-01" free-name)" = True
check "checkNameAvailability (tenant scope, 2024-04-01): the tenant's ticket name is taken" test "$(check_name "/providers/Microsoft.Support/checkNameAvailability?api-version=2024-04-01" tenant-2024)" = False
call GET "$(ticket_path $OWN_SUB never-created)" -H "Authorization: Bearer $own"
check "GET of a ticket never created: 404 ResourceNotFound" sh -c "[ $code = 404 ] && grep -q ResourceNotFound $out/body"

control POST tickets/status -d '{"name": "another-name", "status": "Closed"}'
call GET "$(ticket_path $OWN_SUB another-name)" -H "Authorization: Bearer $own"
check "a ticket's status set to Closed through the control API: GET shows it" test "$(field properties.status)" = Closed

# --- the async operation: 202, InProgress, Succeeded ----------------------------------
control POST settings -d '{"asyncOperationSeconds": 1.5, "asyncRetryAfterSeconds": 1}'
put "$(ticket_path $OWN_SUB slow)" "$own" "$out/request.json"
operation=$(header Azure-AsyncOperation); retry=$(header Retry-After)
location=$(header Location)
check "a create: 202 with Azure-AsyncOperation, Location and Retry-After on this server" sh -c "[ $code = 202 ] && case '$operation' in $base/subscriptions/$OWN_SUB/providers/Microsoft.Support/operationsStatus/*) true;; *) false;; esac && [ -n '$location' ] && [ '$retry' = 1 ]"
call GET "${operation#"$base"}" -H "Authorization: Bearer $own"
check "the operation first reports InProgress" test "$(field status)" = InProgress
sleep 1.6
call GET "${operation#"$base"}" -H "Authorization: Bearer $own"
check "then Succeeded" test "$(field status)" = Succeeded
control POST settings -d '{"asyncOperationSeconds": 0, "asyncRetryAfterSeconds": 0}'

# --- faults ---------------------------------------------------------------------------
control POST faults/once -d '{"fault": "503", "kind": "arm-get"}'
call GET "$(ticket_path $OWN_SUB slow)" -H "Authorization: Bearer $own"
check "an injected 503 carries Retry-After and an ARM error body" sh -c "[ $code = 503 ] && [ -n '$(header Retry-After)' ] && grep -q ServiceUnavailable $out/body"
control POST faults/once -d '{"fault": "429", "kind": "token"}'
token "$CONTOSO" > /dev/null
check "an injected 429 at the token endpoint, AAD-shaped with Retry-After" sh -c "[ $code = 429 ] && [ -n '$(header Retry-After)' ] && grep -q error_codes $out/body"
control POST faults/once -d '{"fault": "resetAfterCreate", "kind": "arm-create"}'
put "$(ticket_path $OWN_SUB reset-after)" "$own" "$out/request.json"
reset_status=$curl_status
call GET "$(ticket_path $OWN_SUB reset-after)" -H "Authorization: Bearer $own"
check "a reset after the create: the client sees no answer (curl $reset_status), yet the ticket exists" sh -c "[ $reset_status -ne 0 ] && [ $code = 200 ]"
control POST down -d '{"seconds": 1.5}'
call GET "$(ticket_path $OWN_SUB reset-after)" -H "Authorization: Bearer $own"
down_status=$curl_status
sleep 1.7
call GET "$(ticket_path $OWN_SUB reset-after)" -H "Authorization: Bearer $own"
check "down for 1.5 s: a connection is reset at once (curl $down_status); afterwards it answers" sh -c "[ $down_status -ne 0 ] && [ $code = 200 ]"

# --- 64 keep-alive clients at 50 ms latency (the forwarder's benchmark leans on it) ----
python3 "$E2E_ROOT/MicrosoftDouble/load_check.py" --state "$state" --config "$world" --clients 64 --seconds 3 --latency 50 > "$out/load.log" 2>&1
load_status=$?
check "load: 64 concurrent keep-alive clients, 50 ms latency, every filing answered: $(head -n 1 "$out/load.log")" test "$load_status" -eq 0

# --- state survives a restart ---------------------------------------------------------
call GET "$(ticket_path $OWN_SUB with-title)" -H "Authorization: Bearer $own"; ticket_id=$(field properties.supportTicketId)
# First killed -9 (its journal is all it has), then stopped (its snapshot).
kill -9 "$(tail -n 1 "$E2E_WORK/microsoft-doubles.pids")"
port=$(start_microsoft_double "$state" "$world") || fail "the double restarts after kill -9"
base="https://localhost:$port"
call GET "$(ticket_path $OWN_SUB with-title)" -H "Authorization: Bearer $own"
check "after kill -9 and a start: the ticket, its supportTicketId and the tokens issued before are still good" sh -c "[ $code = 200 ] && [ '$(field properties.supportTicketId)' = '$ticket_id' ]"
stop_microsoft_doubles
port=$(start_microsoft_double "$state" "$world") || fail "the double restarts"
base="https://localhost:$port"
call GET "$(ticket_path $OWN_SUB with-title)" -H "Authorization: Bearer $own"
check "after a stop and a start: the same" sh -c "[ $code = 200 ] && [ '$(field properties.supportTicketId)' = '$ticket_id' ]"
refresh "$rotated"
check "after a restart: a rotated-away refresh token is still refused" sh -c "[ $code = 400 ] && grep -q invalid_grant $out/body"
control GET tickets
check "inspection: /_double/tickets lists the ticket with its tenant, api-version and creates count 2" python3 -c "
import json, sys
t = next(t for t in json.load(open('$out/body')) if t['name'] == 'with-title')
sys.exit(0 if t['creates'] == 2 and t['tenantId'] == '$CONTOSO' and t['apiVersion'] == '2024-04-01' and t['supportTicketId'] == '$ticket_id' else 1)"
echo "  (t-85 took $((SECONDS - started)) s)"
