/// A batch's consumptions in one statement. Asked one at a time, each paid a round trip and
/// updated its entitlement's counter row again: hundreds of versions of one row per batch,
/// each found by walking the ones before it (a third of a batch's time in the benchmark).
/// Here the batch's counter rows are locked once, in key order (so two gates' first requests
/// never wait on each other crosswise; a later turn to another entitlement may, which
/// PostgreSQL detects and the batch is retried as busy), each consumption is decided in
/// order against a running count, and each counter is written once at the end. The
/// outcomes are those of `consume`, one by one.
extension PostgresLedger {
    static let consumeAllFunction = """
        CREATE OR REPLACE FUNCTION supportgate_consume_all(p_partner text[], p_entitlement text[], p_decision text[], p_draft text[],
                                                           p_sha text[], p_at text[], p_claim text[], p_allowance integer[])
        RETURNS TABLE (ordinal integer, outcome text, used integer) LANGUAGE plpgsql AS $$
        DECLARE
            v_partners text[];
            v_entitlements text[];
            v_keys text[];
            v_used integer[];
            v_added integer[];
            v_slot integer;
            v_sha text;
            v_released boolean;
        BEGIN
            WITH locked AS (
                INSERT INTO entitlement_use AS e
                SELECT DISTINCT k.partner, k.entitlement, 0 FROM unnest(p_partner, p_entitlement) AS k(partner, entitlement) ORDER BY 1, 2
                ON CONFLICT (partner_tenant_id, entitlement_id) DO UPDATE SET in_use = e.in_use
                RETURNING e.partner_tenant_id, e.entitlement_id, e.in_use)
            SELECT array_agg(l.partner_tenant_id), array_agg(l.entitlement_id), array_agg(l.partner_tenant_id || chr(10) || l.entitlement_id),
                   array_agg(l.in_use), array_agg(0)
                INTO v_partners, v_entitlements, v_keys, v_used, v_added FROM locked l;
            FOR i IN 1 .. coalesce(array_length(p_partner, 1), 0) LOOP
                v_slot := array_position(v_keys, p_partner[i] || chr(10) || p_entitlement[i]);
                SELECT c.draft_sha256, c.released_at IS NOT NULL INTO v_sha, v_released FROM consumption c
                    WHERE c.partner_tenant_id = p_partner[i] AND c.draft_id = p_draft[i] FOR UPDATE;
                IF FOUND THEN
                    IF v_sha <> p_sha[i] THEN
                        outcome := 'other-bytes';
                    ELSE
                        IF NOT v_released THEN
                            UPDATE consumption c SET decision_id = p_decision[i] WHERE c.partner_tenant_id = p_partner[i] AND c.draft_id = p_draft[i];
                        END IF;
                        outcome := 'already';
                    END IF;
                ELSIF p_allowance[i] IS NOT NULL AND v_used[v_slot] >= p_allowance[i] THEN
                    outcome := 'exhausted';
                ELSE
                    INSERT INTO consumption (partner_tenant_id, draft_id, entitlement_id, decision_id, draft_sha256, consumed_at, claim)
                        VALUES (p_partner[i], p_draft[i], p_entitlement[i], p_decision[i], p_sha[i], p_at[i], p_claim[i]);
                    outcome := 'consumed';
                END IF;
                ordinal := i;
                used := v_used[v_slot];
                RETURN NEXT;
                IF outcome = 'consumed' THEN
                    v_used[v_slot] := v_used[v_slot] + 1;
                    v_added[v_slot] := v_added[v_slot] + 1;
                END IF;
            END LOOP;
            UPDATE entitlement_use e SET in_use = e.in_use + a.added
                FROM unnest(v_partners, v_entitlements, v_added) AS a(partner, entitlement, added)
                WHERE e.partner_tenant_id = a.partner AND e.entitlement_id = a.entitlement AND a.added > 0;
        END
        $$
        """
}

extension PostgresLedger.Transaction {
    func consumeAll(_ requests: [ConsumeRequest]) throws(LedgerError) -> [ConsumeOutcome] {
        guard !requests.isEmpty else { return [] }
        let consumptions = requests.map(\.consumption)
        let rows = try connection.query("SELECT outcome, used FROM supportgate_consume_all($1, $2, $3, $4, $5, $6, $7, $8) ORDER BY ordinal", arrays: [
            PostgresArray(text: consumptions.map(\.partnerTenantId)), PostgresArray(text: consumptions.map(\.entitlementId)),
            PostgresArray(text: consumptions.map(\.decisionId)), PostgresArray(text: consumptions.map(\.draftId)),
            PostgresArray(text: consumptions.map(\.draftSha256)), PostgresArray(text: consumptions.map(\.consumedAt)),
            PostgresArray(text: consumptions.map(\.claim)), PostgresArray(integer: requests.map { $0.allowance.map { Int32(clamping: $0) } }),
        ])
        guard rows.count == requests.count else {
            throw LedgerError("supportgate_consume_all returned \(rows.count) outcomes for \(requests.count) consumptions", path: location)
        }
        var outcomes: [ConsumeOutcome] = []
        outcomes.reserveCapacity(rows.count)
        for (row, request) in zip(rows, requests) {
            guard let outcome = row[0], let used = row[1].flatMap({ Int($0) }) else {
                throw LedgerError("supportgate_consume_all returned an empty outcome", path: location)
            }
            let allowance = request.allowance
            switch outcome {
            case "consumed": outcomes.append(.consumed(left: allowance.map { $0 - used - 1 }))
            case "already": outcomes.append(.alreadyConsumed(left: allowance.map { max(0, $0 - used) }))
            case "other-bytes": outcomes.append(.idUsedForOtherBytes)
            case "exhausted": outcomes.append(.exhausted)
            default: throw LedgerError("supportgate_consume_all returned \"\(outcome)\"", path: location)
            }
        }
        return outcomes
    }
}
