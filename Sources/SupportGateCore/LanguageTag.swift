/// Minimal BCP 47 handling: enough to tell English from other support languages.
public enum LanguageTag {
    /// ASCII letters, digits and hyphens, starting with a 2–3 letter language subtag,
    /// then subtags of 1–8 letters or digits. Byte-level; runs per draft.
    public static func isWellFormed(_ tag: String) -> Bool {
        let parts = tag.utf8.split(separator: UInt8(ascii: "-"), omittingEmptySubsequences: false)
        guard let first = parts.first, (2...3).contains(first.count), first.allSatisfy(isASCIILetter) else {
            return false
        }
        return parts.dropFirst().allSatisfy { (1...8).contains($0.count) && $0.allSatisfy { isASCIILetter($0) || isASCIIDigit($0) } }
    }

    private static func isASCIILetter(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte | 0x20)
    }

    private static func isASCIIDigit(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
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
