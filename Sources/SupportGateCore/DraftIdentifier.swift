/// Draft ids for drafts that do not carry their own.
public enum DraftIdentifier {
    /// The file name without ".json", every character outside `[A-Za-z0-9._-]`
    /// replaced by "_", at most 64 characters; "draft" if nothing is left.
    public static func derive(fromFileName name: String) -> String {
        var base = Substring(name)
        if base.lowercased().hasSuffix(".json") {
            base = base.dropLast(5)
        }
        var out = ""
        for scalar in base.unicodeScalars {
            if out.utf8.count == 64 { break }
            let allowed = scalar.isASCII && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || scalar == "." || scalar == "_" || scalar == "-")
            out.unicodeScalars.append(allowed ? scalar : "_")
        }
        if out.isEmpty || out.allSatisfy({ $0 == "." }) {
            return "draft"
        }
        return out
    }
}
