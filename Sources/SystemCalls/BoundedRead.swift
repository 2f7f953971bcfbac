/// What `SystemCall.readAll` read, and why it stopped.
public struct BoundedRead: Sendable, Equatable {
    public enum End: Sendable, Equatable {
        /// The whole file: it ended within the limit.
        case endOfFile
        /// The file goes on past the limit; `bytes` holds the limit's worth.
        case limitReached
    }

    public let bytes: [UInt8]
    public let end: End

    public init(bytes: [UInt8], end: End) {
        self.bytes = bytes
        self.end = end
    }
}
