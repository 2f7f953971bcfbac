import SupportGateSystemd
import Synchronization

/// Keeps entries in memory, for tests (as swift-log's in-memory handler does).
public final class MemoryJournal: JournalSink {
    private let storage = Mutex<[JournalEntry]>([])

    public init() {}

    @discardableResult
    public func send(_ entry: JournalEntry) -> Bool {
        storage.withLock { $0.append(entry) }
        return true
    }

    public var entries: [JournalEntry] {
        storage.withLock { $0 }
    }

    public func entries(_ id: MessageID) -> [JournalEntry] {
        entries.filter { $0.messageID == id }
    }
}
