import SupportGateFiling

/// `filed show --format text`: one line per record, columns padded to their widest cell,
/// every cell escaped for a terminal (ticket ids, statuses and error messages are Microsoft's
/// words, not ours).
enum FiledTable {
    static let headings = ["PARTNER", "DRAFT", "STATE", "TICKET", "STATUS", "ATTEMPTS", "DECIDED", "LAST ERROR"]

    static func render(_ records: [FilingRecord]) -> String {
        let rows = [headings] + records.map(cells)
        let widths = headings.indices.map { column in rows.map { $0[column].count }.max() ?? 0 }
        return rows.map { row in
            row.indices.map { column in
                column == row.count - 1 ? row[column] : row[column] + String(repeating: " ", count: widths[column] - row[column].count)
            }.joined(separator: "  ").trimmingTrailingSpaces()
        }.joined(separator: "\n")
    }

    static func cells(_ record: FilingRecord) -> [String] {
        let e = TerminalText.escape
        let error = record.lastError.map { "\($0.code): \($0.message)" }
        return [e(record.partnerTenantId), e(record.draftId), record.state.rawValue, record.ticketId.map(e) ?? "-", record.status.map(e) ?? "-",
                String(record.attempts), e(record.decidedAt), error.map(e) ?? "-"]
    }
}

private extension String {
    func trimmingTrailingSpaces() -> String {
        var text = self
        while text.last == " " { text.removeLast() }
        return text
    }
}
