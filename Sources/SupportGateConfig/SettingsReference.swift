import Foundation

/// docs/configuration.md's settings reference, written from the settings table
/// (`supportgate config reference --markdown`). The doc keeps it between two marker lines;
/// a test fails when the committed text differs from this.
public enum SettingsReference {
    public static let beginMarker = "<!-- BEGIN GENERATED: supportgate config reference --markdown -->"
    public static let endMarker = "<!-- END GENERATED -->"

    public static func markdown() -> String {
        var lines = ["| Key | Type | Allowed | Default | Meaning |", "| --- | --- | --- | --- | --- |"]
        for key in SettingsTable.keys {
            lines.append("| `\(key.name)` | \(type(key.kind)) | \(allowed(key.kind)) | \(cell(key.defaultText)) | \(key.doc.replacingPipes) |")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// `text` with its generated block replaced by `markdown()`; nil when the markers are missing.
    public static func replacingGeneratedBlock(in text: String) -> String? {
        guard let begin = text.range(of: beginMarker), let end = text.range(of: endMarker, range: begin.upperBound..<text.endIndex) else {
            return nil
        }
        return String(text[..<begin.upperBound]) + "\n" + markdown() + String(text[end.lowerBound...])
    }

    private static func type(_ kind: SettingKey.Kind) -> String {
        switch kind {
        case .integer: "integer"
        case .boolean: "boolean"
        case .path: "path"
        case .text: "string"
        case .choice: "string (one of)"
        case .calendar(let type, _): type
        }
    }

    private static func allowed(_ kind: SettingKey.Kind) -> String {
        switch kind {
        case .integer(let range): "\(grouped(range.lowerBound)) to \(grouped(range.upperBound))"
        case .boolean: "`true`, `false`"
        case .path: "absolute, or relative to the file's folder"
        case .text(let allowed): allowed
        case .choice(let words): words.map { "`\"\($0)\"`" }.joined(separator: ", ")
        case .calendar(_, let allowed): allowed
        }
    }

    private static func cell(_ text: String) -> String {
        text.first == "\"" || text.first == "[" || text.first?.isNumber == true || text == "true" || text == "false"
            ? "`\(text)`" : text
    }

    /// 1_073_741_824, as the file may write it.
    private static func grouped(_ number: Int64) -> String {
        let digits = String(number)
        guard digits.count > 4 else { return digits }
        var out = ""
        for (index, digit) in digits.enumerated() {
            if index > 0, (digits.count - index) % 3 == 0 { out += "_" }
            out.append(digit)
        }
        return out
    }
}

extension String {
    fileprivate var replacingPipes: String {
        split(separator: "|", omittingEmptySubsequences: false).joined(separator: "\\|")
    }
}
