import Foundation
#if canImport(Glibc)
import Glibc
#endif
import SupportGateCore
@testable import SupportGateSpool
import SupportGateTestKit
import Testing

/// A draft that crashes or hangs the gate: the drafts in flight at an abnormal exit are
/// decided one at a time afterwards, the one in flight at two is rejected unread with
/// DRAFT_POISON and quarantined, and no other draft of its batch is.
///
/// A crash is simulated as the process would leave it: the prepared batch is dropped
/// uncommitted, the record file is what it was while the culprit was being decided (read
/// from `prepare`'s progress call right after that draft), and the next "process" is a new
/// processor with a new record on the same spool.
@Suite("Poison drafts: the in-flight record")
struct InFlightRecordTests {
    let spool: ScratchSpool
    let culprit = "c-culprit.json"
    let innocents = ["a-first.json", "b-second.json", "d-fourth.json", "e-fifth.json"]

    init() throws {
        spool = try ScratchSpool("inflight")
        for name in innocents + [culprit] {
            try spool.drop(try ScratchSpool.draft(id: String(name.dropLast(5))), as: name)
        }
    }

    private var recordPath: String { "\(spool.root)/.in-flight" }
    private var strikesPath: String { "\(spool.root)/.strikes" }

    /// A new gate process on the spool: its processor and its record, recovered.
    private func restart() throws -> (ScratchPipeline, InFlightRecord, InFlightRecord.Recovery) {
        let processor = try spool.pipeline()
        let record = InFlightRecord(folders: processor.committer.folders)
        return (processor, record, record.recover())
    }

    private func claimsInProcessing(_ processor: ScratchPipeline) -> [FileName] {
        processor.claimedDrafts(limit: 100, now: 0)
    }

    /// Decides `claims` and "crashes" while the culprit is being decided: the record as it
    /// was then is left behind, nothing is committed. Returns the names in that record.
    private func crashWhileDecidingCulprit(_ processor: ScratchPipeline, _ record: InFlightRecord, _ claims: [FileName]) throws -> [String] {
        var leftBehind: Data?
        var strikesThen: Data?
        _ = processor.withIntake { $0.prepare(claims, at: ScratchSpool.instant, record: record) {
            guard leftBehind == nil, let bytes = FileManager.default.contents(atPath: recordPath),
                  String(decoding: bytes, as: UTF8.self).contains(culprit) else { return }
            leftBehind = bytes
            strikesThen = FileManager.default.contents(atPath: strikesPath)
        } }
        let bytes = try #require(leftBehind, "the culprit was never in the record while being decided")
        try bytes.write(to: URL(fileURLWithPath: recordPath))
        // Drafts decided after it in this batch never were: their strikes stand as they did.
        if let strikesThen { try strikesThen.write(to: URL(fileURLWithPath: strikesPath)) } else { unlink(strikesPath) }
        return bytes.split(separator: 0).map { String(decoding: $0.drop { $0 != UInt8(ascii: " ") }.dropFirst(), as: UTF8.self) }
    }

    private func originals(_ names: [String]) -> [String] {
        names.map { String($0.drop { $0 != "-" }.dropFirst()) }.sorted()
    }

    @Test("a clean run leaves no record, and the next start finds no abnormal exit")
    func cleanRunLeavesNothing() throws {
        let (processor, record, recovery) = try restart()
        #expect(recovery == InFlightRecord.Recovery())
        let claims = try processor.claimFromIncoming(limit: 100)
        var inRecordWhileDeciding: [Int] = []
        let batch = processor.withIntake { $0.prepare(claims, at: ScratchSpool.instant, record: record) {
            inRecordWhileDeciding.append(FileManager.default.contents(atPath: recordPath)?.split(separator: 0).count ?? 0)
        } }
        #expect(inRecordWhileDeciding == [5, 5, 5, 5, 5])  // one batch, one record: no bisection without a crash
        #expect(processor.commit(batch, monotonicMilliseconds: 0).fault == nil)
        #expect(spool.files(.processing).isEmpty)
        #expect(!FileManager.default.fileExists(atPath: recordPath) && !FileManager.default.fileExists(atPath: strikesPath))
        #expect(try restart().2 == InFlightRecord.Recovery())
    }

    @Test("one abnormal exit: each draft in flight gets a strike and is decided alone; none is quarantined")
    func oneAbnormalExitQuarantinesNothing() throws {
        let (first, firstRecord, _) = try restart()
        let inRecord = try crashWhileDecidingCulprit(first, firstRecord, try first.claimFromIncoming(limit: 100))
        #expect(originals(inRecord) == (innocents + [culprit]).sorted())

        let (second, record, recovery) = try restart()
        #expect(recovery.abnormalExit && recovery.inFlight == 5 && recovery.suspects.count == 5 && recovery.poison.isEmpty)
        var sizes: [Int] = []
        let batch = second.withIntake { $0.prepare(claimsInProcessing(second), at: ScratchSpool.instant, record: record) {
            sizes.append(FileManager.default.contents(atPath: recordPath)?.split(separator: 0).count ?? 0)
        } }
        #expect(sizes == [1, 1, 1, 1, 1])
        #expect(second.commit(batch, monotonicMilliseconds: 0).fault == nil)
        #expect(spool.files(.quarantine).isEmpty)
        #expect(spool.files(.archive).count == 5)
        #expect(spool.files(.processing).isEmpty)  // strikes are spent once decided
        #expect(try restart().2 == InFlightRecord.Recovery())
    }

    @Test("in flight at two abnormal exits: the culprit alone is rejected unread with DRAFT_POISON and quarantined; its batch is decided normally")
    func secondAbnormalExitQuarantinesTheCulpritOnly() throws {
        let (first, firstRecord, _) = try restart()
        _ = try crashWhileDecidingCulprit(first, firstRecord, try first.claimFromIncoming(limit: 100))
        let (second, secondRecord, _) = try restart()
        let inRecord = try crashWhileDecidingCulprit(second, secondRecord, claimsInProcessing(second))
        #expect(originals(inRecord) == [culprit])  // decided alone: the second crash names it and no other

        let (third, record, recovery) = try restart()
        #expect(recovery.abnormalExit && recovery.inFlight == 1)
        #expect(originals(recovery.poison.map(\.description)) == [culprit])
        // Those decided alone before it have spent their strikes; the others are still suspects.
        #expect(Set(originals(recovery.suspects.map(\.description))).isSubset(of: innocents))
        let report = third.commit(third.withIntake { $0.prepare(claimsInProcessing(third), at: ScratchSpool.instant, record: record) }, monotonicMilliseconds: 0)
        #expect(report.fault == nil)

        // Never read for a decision, it is kept as its head: the bytes as the gate reads them now, up to the limit.
        #expect(originals(spool.files(.quarantine)) == [culprit + ".head"])
        #expect(originals(spool.files(.archive)) == innocents.sorted())
        let poisoned = try #require(spool.files(.rejected).first { $0.hasPrefix("c-culprit.unreadable-") })
        let text = try String(contentsOfFile: spool.resultPath(.rejected, poisoned), encoding: .utf8)
        #expect(text.contains("DRAFT_POISON") && text.contains("\"1.read-file\""))
        #expect(spool.shelved(.rejected).contains("uid-\(getuid())/\(poisoned)"))  // on its owner's shelf, like an unreadable draft
        for innocent in innocents {
            #expect(spool.files(.accepted).contains("\(innocent.dropLast(5)).json"), "\(innocent) decided normally")
        }
        #expect(spool.files(.processing).isEmpty)
        #expect(try restart().2 == InFlightRecord.Recovery())
    }

    @Test("near miss: a clean stop between the two exits keeps the strikes; a draft is poison only after a second abnormal exit")
    func strikesOutliveACleanStop() throws {
        let (first, firstRecord, _) = try restart()
        _ = try crashWhileDecidingCulprit(first, firstRecord, try first.claimFromIncoming(limit: 100))
        #expect(try restart().2.suspects.count == 5)
        let (_, _, afterCleanStop) = try restart()  // nothing decided, no record: a clean stop
        #expect(!afterCleanStop.abnormalExit && afterCleanStop.suspects.count == 5 && afterCleanStop.poison.isEmpty)
    }

    @Test("an entry keeps any byte a name may hold; one cut short or malformed names no draft in processing/")
    func recordFormat() {
        var bytes: [UInt8] = []
        let odd = FileName(bytes: Array("7-a name\nwith \u{1} odd bytes".utf8) + [0xFF])
        InFlightRecord.append(odd, strikes: 1, to: &bytes)
        InFlightRecord.append(FileName("8-b.json"), strikes: 0, to: &bytes)
        #expect(InFlightRecord.parse(bytes) == [odd: 1, FileName("8-b.json"): 0])
        #expect(InFlightRecord.parse(Array(bytes.dropLast(3))) == [odd: 1, FileName("8-b.js"): 0])
        #expect(InFlightRecord.parse(Array("x 1-a\u{0}2 ../b\u{0}".utf8)).isEmpty)
    }
}
