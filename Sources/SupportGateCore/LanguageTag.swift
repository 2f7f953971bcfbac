/// Minimal BCP 47 handling: enough to tell English from other support languages.
public enum LanguageTag {
    /// Letters, digits and hyphens, starting with a 2–3 letter language subtag.
    public static func isWellFormed(_ tag: String) -> Bool {
        let parts = tag.split(separator: "-", omittingEmptySubsequences: false)
        guard let first = parts.first, (2...3).contains(first.count), first.allSatisfy(\.isASCIILetterOrDigit), first.allSatisfy(\.isLetter) else {
            return false
        }
        return parts.dropFirst().allSatisfy { (1...8).contains($0.count) && $0.allSatisfy(\.isASCIILetterOrDigit) }
    }

    /// "en-US" -> "en"
    public static func primary(_ tag: String) -> String {
        String(tag.prefix { $0 != "-" && $0 != "_" }).lowercased()
    }

    /// "en", "EN", "en-US", "en_GB": the primary subtag is "en". Byte-level; runs per draft.
    public static func isEnglish(_ tag: String) -> Bool {
        var tag = tag
        return tag.withUTF8 { bytes in
            guard bytes.count >= 2, bytes[0] | 0x20 == UInt8(ascii: "e"), bytes[1] | 0x20 == UInt8(ascii: "n") else { return false }
            return bytes.count == 2 || bytes[2] == UInt8(ascii: "-") || bytes[2] == UInt8(ascii: "_")
        }
    }
}

extension Character {
    var isASCIILetterOrDigit: Bool {
        isASCII && (isLetter || isNumber)
    }
}
