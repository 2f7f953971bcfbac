/// Base URLs and the paths put after them.
enum URLText {
    /// `base` without its trailing slashes, then `path` (which starts with `/`).
    static func joining(_ base: String, _ path: String) -> String {
        var base = Substring(base)
        while base.last == "/" { base = base.dropLast() }
        return String(base) + path
    }

    /// `scheme://host[:port]`, lowercased: where a bearer token may be sent.
    static func origin(_ url: String) -> String? {
        guard let schemeEnd = url.firstRange(of: "://") else { return nil }
        let rest = url[schemeEnd.upperBound...]
        let authority = rest.prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        guard !authority.isEmpty, !authority.contains("@") else { return nil }
        return (url[..<schemeEnd.upperBound] + authority).lowercased()
    }
}
