import StrictJSON

/// `--format text`: a result as a person reads it. Rendered from the result's JSON, so that
/// `check` (a result it made) and `submit --wait` (a result file the gate wrote) print alike.
enum TextReport {
    static func render(_ result: JSONObject, source: String) -> String {
        let accepted = result["decision"]?.stringValue == "accept"
        var header = "\(text(result["draftId"])) (\(source)): \(accepted ? "ACCEPT" : "REJECT")"
        if let context = result["context"]?.stringValue {
            header += ", \(context)"
        }
        if let severity = result["severity"]?.stringValue {
            header += ", severity \(severity)"
        }
        var lines = [header]
        if let due = result["firstResponseDue"]?.stringValue {
            lines.append("  first response due \(due) (\(text(result["sla"]?.objectValue?["basis"])))")
        }
        if let billing = result["billing"]?.objectValue {
            let entitlement = billing["entitlementId"]?.stringValue.map { " (\($0))" } ?? ""
            lines.append("  billing: \(billing["charged"]?.boolValue == true ? "charged" : "not charged"), covered by \(text(billing["coveredBy"]))\(entitlement)")
        }
        if let submission = result["submission"]?.objectValue {
            lines.append("  submit: \(text(submission["method"])) \(text(submission["path"])) to \(text(submission["target"]))")
        }
        for (key, label) in [("errors", "error"), ("warnings", "warning")] {
            for finding in result[key]?.arrayValue ?? [] {
                lines += describe(finding.objectValue ?? JSONObject(), label: label)
            }
        }
        lines.append("  decision \(text(result["decisionId"])) at \(text(result["decidedAt"])), config \(text(result["configRevision"]))")
        return lines.joined(separator: "\n")
    }

    private static func describe(_ finding: JSONObject, label: String) -> [String] {
        let location = finding["field"]?.stringValue.map { " at \($0.isEmpty ? "/" : $0)" } ?? ""
        return [
            "  \(label) \(text(finding["code"]))\(location): \(text(finding["message"]))",
            "    fix: \(text(finding["remedy"])) [rule \(text(finding["rule"]))]",
        ]
    }

    private static func text(_ value: JSONValue?) -> String {
        value?.stringValue ?? ""
    }
}
