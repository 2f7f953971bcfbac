/// Draft-id idempotency across gates: one row per (partner, draft id) that some gate
/// decided, holding that gate's result file. A gate reserves the ids of a batch in one
/// statement (in key order, so two gates cannot deadlock on them), waits there for any gate
/// whose transaction holds the same id, and records the results in one more statement
/// before it commits.
extension PostgresLedger {
    static let decidedDraftTable = """
        CREATE TABLE IF NOT EXISTS decided_draft (
            partner_tenant_id text NOT NULL,
            draft_id text NOT NULL,
            draft_sha256 text NOT NULL,
            submitter_uid bigint,
            gate text NOT NULL,
            claim text NOT NULL,
            decision_id text,
            accepted boolean,
            result text,
            decided_at timestamptz NOT NULL DEFAULT now(),
            PRIMARY KEY (partner_tenant_id, draft_id)
        )
        """

    /// Removes the decisions `gate` recorded before `epochSeconds` (`supportgate spool prune`,
    /// with that gate's retention): such a draft id is decided anew if it comes back, as it
    /// is once its result file is pruned. In chunks, each a transaction of its own, so a
    /// large backlog never runs into the statement timeout.
    public func forgetDecisions(of gate: String, before epochSeconds: Int64) throws(LedgerError) -> Int {
        var forgotten = 0
        while true {
            let removed = try transaction { (_) throws(LedgerError) -> Int in
                let row = try connection.query("""
                    WITH removed AS (DELETE FROM decided_draft WHERE ctid IN (
                        SELECT ctid FROM decided_draft WHERE gate = $1 AND decided_at < to_timestamp($2) LIMIT 10000) RETURNING 1)
                    SELECT count(*) FROM removed
                    """, [gate, String(epochSeconds)]).first
                return row?[0].flatMap { Int($0) } ?? 0
            }
            forgotten += removed
            if removed == 0 { return forgotten }
        }
    }
}

extension PostgresLedger.Transaction: SharedDecisionTransaction {
    func reserve(_ decisions: [SharedDecision]) throws(LedgerError) -> [Int: SharedDecision] {
        guard !decisions.isEmpty else { return [:] }
        // Only the ids already taken come back: usually none.
        let taken = try connection.query("""
            WITH inserted AS (
                INSERT INTO decided_draft (partner_tenant_id, draft_id, draft_sha256, submitter_uid, gate, claim, decision_id, accepted, result)
                SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::bigint[], $5::text[], $6::text[], $7::text[], $8::boolean[], $9::text[])
                ORDER BY 1, 2
                ON CONFLICT (partner_tenant_id, draft_id) DO NOTHING
                RETURNING partner_tenant_id, draft_id)
            SELECT k.partner, k.draft FROM unnest($1::text[], $2::text[]) AS k(partner, draft)
            EXCEPT SELECT partner_tenant_id, draft_id FROM inserted
            """, arrays: PostgresArray.columns(of: decisions))
        var positions: [Key: Int] = [:]
        let takenKeys = Set(taken.map { Key(partner: $0[0] ?? "", draftId: $0[1] ?? "") })
        for (position, decision) in decisions.enumerated() {
            let key = Key(partner: decision.reservation.partnerTenantId, draftId: decision.reservation.draftId)
            if takenKeys.contains(key) { positions[key] = position }
        }
        guard !positions.isEmpty else { return [:] }
        // A new statement sees what a gate that held the id meanwhile committed.
        let keys = Array(positions.keys)
        var earlier: [Int: SharedDecision] = [:]
        for row in try connection.query("""
            SELECT d.partner_tenant_id, d.draft_id, d.draft_sha256, d.submitter_uid, d.gate, d.claim, d.decision_id, d.accepted, d.result
            FROM decided_draft d JOIN unnest($1::text[], $2::text[]) AS k(partner, draft) ON d.partner_tenant_id = k.partner AND d.draft_id = k.draft
            ORDER BY 1, 2 FOR UPDATE OF d
            """, arrays: [PostgresArray(text: keys.map(\.partner)), PostgresArray(text: keys.map(\.draftId))]) {
            guard let position = positions[Key(partner: row[0] ?? "", draftId: row[1] ?? "")] else { continue }
            let reservation = DraftReservation(partnerTenantId: row[0] ?? "", draftId: row[1] ?? "", draftSha256: row[2] ?? "",
                                               submitterUID: row[3].flatMap { UInt32($0) }, gate: row[4] ?? "", claim: row[5] ?? "")
            // A row without a decision (left by hand) reads as a damaged result: the caller takes it over.
            earlier[position] = SharedDecision(reservation: reservation, decisionId: row[6] ?? "", accepted: row[7] == "t",
                                               result: Array((row[8] ?? "").utf8))
        }
        // Taken by the insert, gone by the read: another gate's prune, or a hand, removed the
        // row in between. Neither this transaction's row nor another's holds the id: the
        // batch is rolled back and tried again rather than committed without it.
        guard earlier.count == positions.count else {
            var error = LedgerError("\(positions.count - earlier.count) draft ids were removed from decided_draft while this batch reserved them; retrying",
                                    path: location)
            error.isBusy = true
            throw error
        }
        return earlier
    }

    func record(_ decisions: [SharedDecision]) throws(LedgerError) {
        guard !decisions.isEmpty else { return }
        let updated = try connection.query("""
            UPDATE decided_draft d SET draft_sha256 = r.sha, submitter_uid = r.uid, gate = r.gate, claim = r.claim,
                decision_id = r.decision, accepted = r.accepted, result = r.result, decided_at = now()
            FROM unnest($1::text[], $2::text[], $3::text[], $4::bigint[], $5::text[], $6::text[], $7::text[], $8::boolean[], $9::text[])
                AS r(partner, draft, sha, uid, gate, claim, decision, accepted, result)
            WHERE d.partner_tenant_id = r.partner AND d.draft_id = r.draft
            RETURNING 1
            """, arrays: PostgresArray.columns(of: decisions))
        // A reserved row removed meanwhile (by hand, or a prune racing the batch) would leave a
        // decision unrecorded: the batch is rolled back and decided again instead.
        guard updated.count == decisions.count else {
            throw LedgerError("\(decisions.count - updated.count) reserved draft ids vanished before their decisions were recorded", path: location)
        }
    }

    func unreserve(_ reservations: [DraftReservation]) throws(LedgerError) {
        guard !reservations.isEmpty else { return }
        try connection.query("""
            DELETE FROM decided_draft d USING unnest($1::text[], $2::text[], $3::text[]) AS k(partner, draft, claim)
            WHERE d.partner_tenant_id = k.partner AND d.draft_id = k.draft AND d.claim = k.claim
            """, arrays: [PostgresArray(text: reservations.map(\.partnerTenantId)), PostgresArray(text: reservations.map(\.draftId)),
                          PostgresArray(text: reservations.map(\.claim))])
    }

    private struct Key: Hashable {
        let partner: String
        let draftId: String
    }
}
