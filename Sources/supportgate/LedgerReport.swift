import StrictJSON
import SupportGateCore
import SupportGateLedger

/// What `supportgate ledger show` prints: per partner and entitlement, the allowance,
/// the incidents in use and left, and the last accepted drafts that used one.
struct LedgerReport {
    struct Row {
        let entitlement: Entitlement
        let used: Int
        let recent: [AcceptedDraft]

        /// Nil: unlimited.
        var left: Int? { entitlement.incidents.map { max(0, $0 - used) } }
    }

    let location: String
    /// False when the gate has recorded nothing yet (no file).
    let exists: Bool
    var partners: [(partner: Partner, rows: [Row])] = []

    var text: String {
        var lines = ["ledger: \(location)\(exists ? "" : " (not created yet: nothing used)")"]
        for (partner, rows) in partners {
            lines.append("")
            lines.append("\(partner.name) (\(partner.tenantId))")
            for row in rows {
                let allowance = row.entitlement.incidents.map(String.init) ?? "unlimited"
                let left = row.left.map(String.init) ?? "unlimited"
                lines.append("  \(row.entitlement.id) [\(row.entitlement.kind.rawValue)]: allowance \(allowance), used \(row.used), left \(left)")
                for draft in row.recent {
                    var line = "    \(draft.decidedAt)  \(draft.decisionId)  draft \(draft.draftId)"
                    if let uid = draft.submitterUID { line += " (uid \(uid))" }
                    if let released = draft.releasedAt {
                        line += "  released \(released): \(draft.releaseReason ?? "")"
                    }
                    lines.append(line)
                }
            }
        }
        return lines.joined(separator: "\n")
    }

    var json: String {
        var root = JSONObject()
        root.append("ledger", .string(location))
        root.append("exists", .bool(exists))
        root.append("partners", .array(partners.map { partner, rows in
            var object = JSONObject()
            object.append("partnerTenantId", .string(partner.tenantId.description))
            object.append("name", .string(partner.name))
            object.append("entitlements", .array(rows.map(Self.json)))
            return .object(object)
        }))
        return JSONWriter.pretty(.object(root))
    }

    private static func json(_ row: Row) -> JSONValue {
        var object = JSONObject()
        object.append("id", .string(row.entitlement.id))
        object.append("kind", .string(row.entitlement.kind.rawValue))
        object.append("allowance", row.entitlement.incidents.map { .number(JSONNumber(Int64($0))) } ?? .null)
        object.append("used", .number(JSONNumber(Int64(row.used))))
        object.append("left", row.left.map { .number(JSONNumber(Int64($0))) } ?? .null)
        object.append("recent", .array(row.recent.map { draft in
            var entry = JSONObject()
            entry.append("decisionId", .string(draft.decisionId))
            entry.append("draftId", .string(draft.draftId))
            entry.append("draftSha256", .string(draft.draftSha256))
            // Null for a draft carried over from 0.19.0 whose result file was not found.
            entry.append("submitterUid", draft.submitterUID.map { .number(JSONNumber(Int64($0))) } ?? .null)
            // A draft uses its incident when it is accepted.
            entry.append("consumedAt", .string(draft.decidedAt))
            entry.append("releasedAt", draft.releasedAt.map { .string($0) } ?? .null)
            entry.append("releaseReason", draft.releaseReason.map { .string($0) } ?? .null)
            return .object(entry)
        }))
        return .object(object)
    }
}
