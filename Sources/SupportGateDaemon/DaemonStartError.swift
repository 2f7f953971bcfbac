/// Why the gate could not start, and the exit code that tells systemd whether to retry.
public struct DaemonStartError: Error, Sendable, CustomStringConvertible {
    public let message: String
    public let exitCode: Int32
    public var description: String { message }
}
