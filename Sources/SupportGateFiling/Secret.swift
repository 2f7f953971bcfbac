/// A client secret, refresh token or access token. It prints as `<redacted>` wherever it is
/// interpolated or dumped, so a log line, an error or a record built by string interpolation
/// cannot carry it; only `reveal()` at the point of use (a form body, a header) gives it.
public struct Secret: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    private let value: String

    public init(_ value: String) {
        self.value = value
    }

    /// The secret's text, for the one place it must go: the request that uses it.
    public func reveal() -> String { value }

    public var isEmpty: Bool { value.isEmpty }
    public var description: String { "<redacted>" }
    public var debugDescription: String { "<redacted>" }
    public var customMirror: Mirror { Mirror(self, children: [:]) }
}
