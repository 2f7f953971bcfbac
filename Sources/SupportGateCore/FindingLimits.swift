import StrictJSON

/// How much one result may say. A hostile draft can have a problem per key (32,962
/// distinct short keys fit in 256 KiB), and each problem would otherwise cost a finding,
/// a "did you mean" search and a line of the result: 19 MB for one draft.
///
/// The first `maxFindings` findings are kept and one `FINDINGS_TRUNCATED` counts the
/// rest. 100 is more than any honest draft needs: the whole contract schema has fewer
/// than 100 fields, so a draft wrong in every one of them is still listed in full,
/// while a result stays small enough to read and to write quickly.
public enum FindingLimits {
    public static let maxFindings = 100
    /// A finding's message or remedy, in bytes as a result writes it (JSON-escaped); a
    /// longer one is cut and ends in `truncationMarker`.
    public static let maxTextBytes = 1_024
    /// A finding's `field` pointer, in bytes as written: a longer one is cut back to the
    /// nearest enclosing field whose pointer fits, so it still points into the draft.
    public static let maxFieldBytes = 512
    /// How much of a submitter's own text (a key, a value) a message quotes.
    public static let maxQuotedCharacters = 80
    public static let truncationMarker = " …[truncated]"

    /// Upper bound on the bytes one finding takes in a result: its three texts, plus the
    /// code, the rule and the JSON punctuation and indentation.
    public static let maxEncodedFindingBytes = 2 * maxTextBytes + maxFieldBytes + 256
    /// Upper bound on the bytes the findings of one result take (`maxFindings` and the
    /// summary): about 290 KiB, whatever the draft. The result adds its fixed fields and,
    /// on an accept (which has at most a few warnings), the submission.
    public static let maxEncodedFindingsBytes = (maxFindings + 1) * maxEncodedFindingBytes

    /// `text` cut to `maxQuotedCharacters`, with the marker when cut: for quoting keys and
    /// values a submitter chose.
    public static func quoted(_ text: String) -> String {
        guard text.unicodeScalars.count > maxQuotedCharacters else { return text }
        var scalars = String.UnicodeScalarView()
        scalars.append(contentsOf: text.unicodeScalars.prefix(maxQuotedCharacters))
        return String(scalars) + truncationMarker
    }

    /// `text` within `limit` bytes as JSON-escaped (the marker included), cut on a scalar boundary.
    static func bounded(_ text: String, limit: Int = maxTextBytes) -> String {
        guard encodedSize(text) > limit else { return text }
        let budget = limit - encodedSize(truncationMarker)
        var scalars = String.UnicodeScalarView()
        var used = 0
        for scalar in text.unicodeScalars {
            let size = encodedSize(scalar)
            guard used + size <= budget else { break }
            scalars.append(scalar)
            used += size
        }
        return String(scalars) + truncationMarker
    }

    /// The longest leading part of `pointer` (whole reference tokens) within `maxFieldBytes`.
    static func bounded(_ pointer: JSONPointer) -> JSONPointer {
        guard encodedSize(pointer.description) > maxFieldBytes else { return pointer }
        var kept = JSONPointer.root
        for token in pointer.referenceTokens {
            let longer = kept.appending(token)
            guard encodedSize(longer.description) <= maxFieldBytes else { break }
            kept = longer
        }
        return kept
    }

    /// Bytes of `text` inside a JSON string: a control character costs up to six (`\u00XX`),
    /// a quote or backslash two.
    static func encodedSize(_ text: String) -> Int {
        text.unicodeScalars.reduce(0) { $0 + encodedSize($1) }
    }

    private static func encodedSize(_ scalar: Unicode.Scalar) -> Int {
        switch scalar.value {
        case 0..<0x20: 6
        case 0x22, 0x5C: 2
        case 0x20..<0x80: 1
        case 0x80..<0x800: 2
        case 0x800..<0x10000: 3
        default: 4
        }
    }
}

extension Finding {
    /// The same finding with its texts and pointer within `FindingLimits`.
    var bounded: Finding {
        let message = FindingLimits.bounded(message)
        let remedy = FindingLimits.bounded(remedy)
        let field = field.map(FindingLimits.bounded)
        guard message != self.message || remedy != self.remedy || field != self.field else { return self }
        return Finding(code, message, field: field, rule: rule, remedy: remedy)
    }

    /// The one finding that stands for the `omitted` ones past `FindingLimits.maxFindings`.
    /// It rejects: only errors come in such numbers (each warning occurs at most once).
    /// `rule` is the rule of the first finding left out.
    static func findingsTruncated(omitted: Int, rule: RuleID) -> Finding {
        Finding(.findingsTruncated,
                "\(omitted) more finding\(omitted == 1 ? "" : "s") not listed: a result lists the first \(FindingLimits.maxFindings)",
                rule: rule, remedy: "Fix the findings listed and submit again to see the rest; a draft with this many problems is probably not the file you meant to send.")
    }
}
