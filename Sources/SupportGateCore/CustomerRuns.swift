#if canImport(Glibc)
import Glibc
#endif
import StrictJSON

/// The customers being decoded: the table the parser's thread adds to, and runs of customers
/// the parser's second thread skims ahead of it (`ElementRunSkimmer`), added when the parse
/// arrives at them. A distributor's directory is a million customers, one per line: half of
/// each window of it goes to the second core.
//
// @unchecked Sendable: `table` belongs to the parser's thread; `run` to the second thread
// during `skimRun` and to the parser's thread otherwise, which the parser orders with
// semaphores (see `ElementRunSkimmer`).
final class CustomerRuns: ElementRunSkimmer, @unchecked Sendable {
    var table = CustomerTable.Builder()
    private var run = CustomerTable.Builder()
    /// Runs taken, and customers in them.
    private(set) var adopted = (runs: 0, customers: 0)
    let key = "customers"
    /// How far past the middle of a window a run's start is looked for.
    static let guessReach = 64 << 10

    /// A customer's first byte on a line of its own after a comma: `,` whitespace with a line
    /// break, then `{` whose first key is a customer field. A raw line break is never inside a
    /// string, so this is structure; the relationships inside a customer have other keys.
    func guessElementStart(in bytes: UnsafeRawBufferPointer) -> Int? {
        guard let base = bytes.baseAddress else { return nil }
        var from = 0
        let end = min(bytes.count, Self.guessReach)
        while from < end, let found = memchr(base + from, Int32(UInt8(ascii: "\n")), end - from) {
            let lineBreak = base.distance(to: UnsafeRawPointer(found))
            from = lineBreak + 1
            var before = lineBreak - 1
            while before >= 0, ByteSkimmer.isWhitespace(bytes[before]) { before -= 1 }
            guard before >= 0, bytes[before] == UInt8(ascii: ",") else { continue }
            var start = lineBreak + 1
            while start < bytes.count, ByteSkimmer.isWhitespace(bytes[start]) { start += 1 }
            guard start < bytes.count, bytes[start] == UInt8(ascii: "{") else { continue }
            var skimmer = ByteSkimmer(UnsafeRawBufferPointer(rebasing: bytes[(start + 1)...]))
            if skimmer.key(in: CustomerSkimmer.keys) != nil { return start }
        }
        return nil
    }

    /// Each customer is counted only once the byte after it (a comma, or the array's end) is
    /// in `bytes`: the parser goes on from there, and a run that ended at the window's edge
    /// would send it back to the run's start.
    func skimRun(_ bytes: UnsafeRawBufferPointer) -> (count: Int, length: Int) {
        var count = 0
        var length = 0
        var skimmer = ByteSkimmer(bytes)
        while let taken = CustomerSkimmer.skim(UnsafeRawBufferPointer(rebasing: bytes[skimmer.position...]), into: &run) {
            let end = skimmer.position + taken
            skimmer.position = end
            skimmer.skipWhitespace()
            guard skimmer.position < bytes.count else {
                run.removeLast()
                break
            }
            count += 1
            length = end
            guard skimmer.take(UInt8(ascii: ",")) else { break }
            skimmer.skipWhitespace()
        }
        return (count, length)
    }

    func adoptRun() -> Bool {
        defer { run.removeAll() }
        guard table.append(contentsOf: run) else { return false }
        adopted = (adopted.runs + 1, adopted.customers + run.ids.count)
        return true
    }

    func discardRun() {
        run.removeAll()
    }
}
