#if canImport(Glibc)
import Glibc
#endif

/// What settles a batch's decisions with the gate's memory (the ledger) before their results
/// are written: SupportGateCommit's `LedgerCommit`. The spool only writes, renames and syncs.
public protocol BatchSettlement: AnyObject {
    /// Settles `items[range]` (a decision may be replaced: `PreparedDraft.replaceResult`,
    /// `adopt`), has their results written under temporary names and synced by `write`, and
    /// makes the settlement durable only after that: a crash before leaves nothing settled,
    /// after it leaves the drafts in processing/, to be settled again as repeats. On a
    /// failure it throws and nothing `write` wrote is left (`discard`): `write`'s own error as
    /// `.spool`, its own as `.settlement`.
    func settle(_ items: inout [PreparedDraft], _ range: Range<Int>,
                write: (ArraySlice<PreparedDraft>) throws(SpoolError) -> [ResultCommitter.WrittenResult],
                discard: ([ResultCommitter.WrittenResult]) -> Void) throws(CommitFault) -> [ResultCommitter.WrittenResult]
}

extension ResultCommitter {
    func settleAndWrite(_ items: inout [PreparedDraft], _ range: Range<Int>) throws(CommitFault) -> [WrittenResult] {
        guard let settlement else {
            do throws(SpoolError) {
                return try writeTemporaries(items[range], syncAll: settings.durability == .groupCommit)
            } catch {
                throw .spool(error)
            }
        }
        return try settlement.settle(&items, range, write: { (slice) throws(SpoolError) in try self.writeTemporaries(slice, syncAll: true) },
                                     discard: { self.removeTemporaries($0) })
    }

    /// Once an acceptance is in place, the rejection an earlier drop of the same id got is
    /// stale: only the newest result stands. Removed after the acceptance is durable, so a
    /// crash in between leaves both, never neither.
    func removeRejectionsReplaced(by batch: ArraySlice<PreparedDraft>) {
        for item in batch where item.resultIsAccepted == true {
            guard let name = item.resultName else { continue }
            try? folders.rejected.remove(FileName(bytes: item.shelf.name.bytes + [UInt8(ascii: "/")] + name.bytes))
        }
    }
}
