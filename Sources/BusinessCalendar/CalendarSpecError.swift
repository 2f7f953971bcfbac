/// A configuration problem in a business calendar specification.
public struct CalendarSpecError: Error, Sendable, Hashable, CustomStringConvertible {
    public let message: String

    public init(message: String) {
        self.message = message
    }

    public var description: String { message }
}
