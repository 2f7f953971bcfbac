import SupportGateFiling

/// Makes a text from Microsoft or the transport fit to keep: no secret the client holds, no
/// bearer token or form field that looks like one, no control characters, at most `limit`
/// characters. Everything a `MicrosoftFailure` carries goes through here.
struct SafeText: Sendable {
    static let limit = 1_000
    static let redacted = "<redacted>"

    /// The secrets in play for this request: client secret, refresh tokens, access tokens.
    let secrets: [String]

    init(secrets: [Secret?]) {
        // Longest first, so a secret containing another is removed whole.
        self.secrets = secrets.compactMap { $0?.reveal() }.filter { $0.count >= 4 }.sorted { $0.count > $1.count }
    }

    func clean(_ text: String, limit: Int = SafeText.limit) -> String {
        var text = text
        for secret in secrets where text.contains(secret) {
            text = text.replacing(secret, with: Self.redacted)
        }
        text = Self.redactCredentialShapes(text)
        let printable = text.unicodeScalars.map { scalar -> Character in
            scalar.properties.generalCategory == .control || scalar.properties.generalCategory == .format ? " " : Character(scalar)
        }
        var result = String(printable)
        if result.count > limit {
            result = String(result.prefix(limit)) + "…"
        }
        return result.trimmingSpaces()
    }

    /// The field names the third pattern looks for, lower case.
    private static let fieldWords = ["client_secret", "refresh_token", "access_token", "id_token", "assertion", "password"]

    /// What a secret looks like even when this client did not send it: `Bearer …`, a JWT
    /// (three base64url parts, the first `eyJ`), and form or JSON fields named after one.
    private static func redactCredentialShapes(_ text: String) -> String {
        // Each regex literal is parsed again every time it is evaluated: that was most of the
        // forwarder's CPU per filing (performance.md, issue 24). Plain ASCII with none of the
        // words the patterns need (in any case) cannot match, so it skips them; anything else,
        // non-ASCII included (case folding), still goes through all three.
        if text.utf8.allSatisfy({ $0 < 0x80 }) {
            let lower = text.lowercased()
            if !lower.contains("bearer"), !text.contains("eyJ"), !Self.fieldWords.contains(where: { lower.contains($0) }) {
                return text
            }
        }
        var text = text
        text = text.replacing(/(?i)(bearer\s+)[A-Za-z0-9\-._~+\/]+=*/) { "\($0.output.1)\(redacted)" }
        text = text.replacing(/eyJ[A-Za-z0-9_\-]+\.[A-Za-z0-9_\-]+\.[A-Za-z0-9_\-]*/) { _ in redacted }
        text = text.replacing(/(?i)((?:client_secret|refresh_token|access_token|id_token|assertion|password)["']?\s*[=:]\s*["']?)[^&"'\s,}]+/) {
            "\($0.output.1)\(redacted)"
        }
        return text
    }
}

extension String {
    func trimmingSpaces() -> String {
        var scalars = Substring(self)
        while scalars.first == " " { scalars = scalars.dropFirst() }
        while scalars.last == " " { scalars = scalars.dropLast() }
        return String(scalars)
    }
}
