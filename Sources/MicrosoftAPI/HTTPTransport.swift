/// One HTTPS exchange, the only thing the flows need from a network: the client's token,
/// filing and status flows are written against this, so tests script Microsoft's answers
/// (`AsyncHTTPClientTransport` is the real one).
public protocol HTTPTransport: Sendable {
    /// Sends one request and gives Microsoft's answer, whatever its status; only a request
    /// that got no answer (refused, reset, timed out, TLS) throws.
    func send(_ request: HTTPRequest) async throws(HTTPTransportError) -> HTTPResponse
}

public struct HTTPRequest: Sendable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    public var method: String
    public var url: String
    /// Names as sent; may carry a bearer token, so a request is never printed.
    public var headers: [(name: String, value: String)]
    public var body: [UInt8]?
    public var timeoutSeconds: Double

    public init(method: String, url: String, headers: [(name: String, value: String)] = [], body: [UInt8]? = nil, timeoutSeconds: Double) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.timeoutSeconds = timeoutSeconds
    }

    /// The first header of that name (HTTP names are case-insensitive).
    public func header(_ name: String) -> String? {
        headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }

    /// Method and URL only: headers and body may hold tokens and secrets.
    public var description: String { "\(method) \(url)" }
    public var debugDescription: String { description }
    public var customMirror: Mirror { Mirror(self, children: ["method": method, "url": url]) }
}

public struct HTTPResponse: Sendable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    public var status: Int
    public var headers: [(name: String, value: String)]
    public var body: [UInt8]

    public init(status: Int, headers: [(name: String, value: String)] = [], body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// The status and size only: a token endpoint's answer holds tokens.
    public var description: String { "HTTP \(status) (\(body.count) bytes)" }
    public var debugDescription: String { description }
    public var customMirror: Mirror { Mirror(self, children: ["status": status]) }

    public init(status: Int, headers: [(name: String, value: String)] = [], json: String) {
        self.init(status: status, headers: headers + [("Content-Type", "application/json")], body: Array(json.utf8))
    }

    /// The first header of that name (HTTP names are case-insensitive).
    public func header(_ name: String) -> String? {
        headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }
}

/// A request that got no HTTP answer. `detail` is the transport's own text: it may name the
/// URL or echo what was sent, so the client scrubs it (`SafeText`) before it goes anywhere.
public struct HTTPTransportError: Error, Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable {
        case timeout
        case connectionRefused = "connection refused"
        case connectionReset = "connection reset"
        case tls = "TLS failure"
        case tooLarge = "answer too large"
        case other = "network error"
    }

    public let kind: Kind
    public let detail: String

    public init(_ kind: Kind, detail: String) {
        self.kind = kind
        self.detail = detail
    }
}
