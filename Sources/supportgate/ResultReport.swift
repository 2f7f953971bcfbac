import StrictJSON
import SupportGateFiling

/// What `result` and `submit --wait --until filed` print: the decision, and beside it the
/// filing. JSON: one object `{"result": …, "filing": … | null}`; text: the decision as
/// `check` prints it, then the filing, every word of the record escaped for a terminal.
enum ResultReport {
    static func json(result: JSONObject, filing: FilingLookup.Loaded?) -> JSONValue {
        .object(JSONObject([
            JSONMember(key: "result", value: .object(result)),
            JSONMember(key: "filing", value: filing.map { .object($0.object) } ?? .null),
        ]))
    }

    static func render(_ format: CheckCommand.Format, result: JSONObject, resultPath: String, source: String, filing: FilingLookup.Loaded?,
                       filingPath: String?) -> String {
        switch format {
        case .json: return JSONWriter.compact(json(result: result, filing: filing))
        case .pretty: return JSONWriter.pretty(json(result: result, filing: filing))
        case .text:
            var lines = [TextReport.render(result, source: source), "  result \(resultPath)"]
            if let filing {
                lines += text(filing.record) + ["  record \(filing.path)"]
            } else if let filingPath {
                lines.append("  filing: no record yet (\(filingPath)); the forwarder files a partner only once it has its credentials, and never a result decided before forward.since")
            }
            return lines.joined(separator: "\n")
        }
    }

    /// The filing as a person reads it: state, ticket, status, last error.
    static func text(_ record: FilingRecord) -> [String] {
        let e = TerminalText.escape
        var header = "  filing: \(record.state.rawValue)"
        if let ticketId = record.ticketId { header += ", ticket \(e(ticketId))" }
        if let status = record.status { header += ", status \(e(status))" }
        header += ", \(record.attempts) attempt\(record.attempts == 1 ? "" : "s")"
        var lines = [header]
        if let name = record.ticketName { lines.append("    ticket name \(e(name))") }
        if let filedAt = record.filedAt { lines.append("    filed at \(e(filedAt))") }
        if let checked = record.statusCheckedAt { lines.append("    status checked at \(e(checked))") }
        if let error = record.lastError {
            let http = error.httpStatus.map { "HTTP \($0), " } ?? ""
            lines.append("    last error \(e(error.code)) (\(http)at \(e(error.at))): \(e(error.message))")
        }
        if record.state == .manual, record.ticketId == nil, let manual = record.manual {
            lines.append("    file it by hand from \(e(manual.page)), then: supportgate filed link \(e(record.draftId)) SR_ID")
        }
        return lines
    }
}
