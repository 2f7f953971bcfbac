/// A batch's steps on PostgreSQL, each one statement however many drafts the batch holds:
/// the columns go as binary arrays (`PostgresArray`).
extension PostgresLedger {
    struct Transaction: LedgerTransaction {
        let connection: PostgresConnection

        var location: String { connection.location }

        private var sql: LedgerSQL { .postgres }

        func acceptedDrafts(_ keys: [DraftIdKey]) throws(LedgerError) -> [DraftIdKey: AcceptedDraft] {
            guard !keys.isEmpty else { return [:] }
            let columns = [PostgresArray(text: keys.map(\.partner)), PostgresArray(text: keys.map(\.draftId))]
            try connection.query(sql["lock-draft-ids"], arrays: columns)
            var found: [DraftIdKey: AcceptedDraft] = [:]
            for row in try connection.query(sql["accepted-drafts"], arrays: columns) {
                let draft = PostgresLedger.acceptedDraft(row)
                found[draft.key] = draft
            }
            return found
        }

        func lockCounts(_ keys: [EntitlementKey]) throws(LedgerError) -> [EntitlementKey: Int] {
            guard !keys.isEmpty else { return [:] }
            var counts: [EntitlementKey: Int] = [:]
            for row in try connection.query(sql["lock-counts"], arrays: [PostgresArray(text: keys.map(\.partner)),
                                                                          PostgresArray(text: keys.map(\.entitlementId))]) {
                counts[EntitlementKey(partner: row[0] ?? "", entitlementId: row[1] ?? "")] = row[2].flatMap { Int($0) } ?? 0
            }
            return counts
        }

        func inUse(partner: String) throws(LedgerError) -> [String: Int] {
            var counts: [String: Int] = [:]
            for row in try connection.query(sql["in-use-of-partner"], [partner]) {
                if let id = row[0], let count = row[1].flatMap({ Int($0) }) { counts[id] = count }
            }
            return counts
        }

        func insert(_ drafts: [AcceptedDraft]) throws(LedgerError) {
            guard !drafts.isEmpty else { return }
            try connection.query(sql["insert"], arrays: [
                PostgresArray(text: drafts.map(\.partnerTenantId)), PostgresArray(text: drafts.map(\.draftId)),
                PostgresArray(bigint: drafts.map { $0.submitterUID.map { Int64($0) } }), PostgresArray(text: drafts.map(\.draftSha256)),
                PostgresArray(text: drafts.map(\.decisionId)), PostgresArray(text: drafts.map(\.decidedAt)),
                PostgresArray(text: drafts.map(\.entitlementId)), PostgresArray(text: drafts.map(\.gate)), PostgresArray(utf8: drafts.map(\.result)),
            ])
        }

        func addToCounts(_ added: [EntitlementKey: Int]) throws(LedgerError) {
            let changes = added.filter { $0.value != 0 }.sorted { $0.key < $1.key }
            guard !changes.isEmpty else { return }
            try connection.query(sql["add-to-counts"], arrays: [
                PostgresArray(text: changes.map(\.key.partner)), PostgresArray(text: changes.map(\.key.entitlementId)),
                PostgresArray(integer: changes.map { Int32(clamping: $0.value) }),
            ])
        }

        func importAccepted(_ drafts: [AcceptedDraft]) throws(LedgerError) -> Int {
            guard !drafts.isEmpty else { return 0 }
            let columns = [
                PostgresArray(text: drafts.map(\.partnerTenantId)), PostgresArray(text: drafts.map(\.draftId)),
                PostgresArray(bigint: drafts.map { $0.submitterUID.map { Int64($0) } }), PostgresArray(text: drafts.map(\.draftSha256)),
                PostgresArray(text: drafts.map(\.decisionId)), PostgresArray(text: drafts.map(\.decidedAt)),
                PostgresArray(text: drafts.map(\.gate)), PostgresArray(utf8: drafts.map(\.result)),
            ]
            try connection.query(sql["lock-draft-ids"], arrays: Array(columns.prefix(2)))
            return try connection.query(sql["import"] + " RETURNING 1", arrays: columns).count
        }

        func spoolImported(gate: String) throws(LedgerError) -> String? {
            try connection.query(sql["imported"], [gate]).first?[0] ?? nil
        }

        func markSpoolImported(gate: String, at instant: String) throws(LedgerError) {
            try connection.query(sql["mark-imported"], [gate, instant])
        }
    }
}
