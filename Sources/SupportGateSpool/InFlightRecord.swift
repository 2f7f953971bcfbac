#if canImport(Glibc)
import Glibc
#endif
import Synchronization
import SystemCalls

/// Which drafts were being decided when the gate last stopped abnormally: how a draft that
/// crashes or hangs the gate, whatever the cause, is found and put aside (as Postfix moves a
/// queue file that breaks its reader aside) instead of killing every gate that takes it up.
///
/// Before drafts are decided, their claim names are written to `.in-flight` at the spool's
/// top (not in processing/, whose changes make the gate list it again: with 40,000 held
/// drafts there, a record written and removed per batch cost a fifth of a core);
/// once they are decided, it is removed. A plain write, no fsync: it has to survive the
/// gate's process, not the machine. A gate that finds the file at start stopped abnormally
/// (killed, crashed, or ended by the watchdog) while deciding those drafts. Each of them
/// still in processing/ gets a strike, kept in `.strikes` until it is decided. A draft with
/// a strike is decided alone, under a record of its own, so the next abnormal exit names
/// that draft and no other; one with two strikes is a poison draft: it is not decided again
/// (`plan`) but rejected with `DRAFT_POISON` and its original quarantined. Drafts that
/// merely shared a batch with it get one strike, are then decided alone, and are never put
/// aside. A clean stop leaves no record: the gate stops between batches.
///
/// The record covers deciding only, not the commit: writing a result is the same work
/// whatever the draft said, while a random kill during the commit (an operator, the OOM
/// killer, t-20's 200 kills) must not give drafts strikes they did not earn.
///
/// Used by whichever thread holds the intake (DraftIntake), one at a time; the Mutex makes
/// that safe by construction.
public final class InFlightRecord: Sendable {
    /// What `recover()` found.
    public struct Recovery: Sendable, Equatable {
        /// A record was left: the last gate on this spool did not stop cleanly.
        public var abnormalExit = false
        /// The drafts of that record still in processing/.
        public var inFlight = 0
        /// Drafts with one strike: each is decided alone from now on.
        public var suspects: [FileName] = []
        /// Drafts in flight at two abnormal exits: rejected with DRAFT_POISON, not decided.
        public var poison: [FileName] = []
    }

    /// How one batch is decided: poison drafts not at all; drafts with a strike one at a
    /// time, each under its own record; the rest together under one.
    public struct Plan: Sendable, Equatable {
        public var poison: [FileName] = []
        public var alone: [FileName] = []
        public var together: [FileName] = []
    }

    static let recordName = FileName(".in-flight")
    static let strikesName = FileName(".strikes")
    private static let strikesTemporaryName = FileName(".strikes.new")
    /// At two strikes a draft is poison.
    public static let poisonStrikes = 2

    private struct State {
        /// Strikes of the drafts not yet decided since their last abnormal exit.
        var strikes: [FileName: Int] = [:]
        /// The first failure to keep the files since it was last taken (reported, then the gate decides on).
        var fault: SpoolError?
        /// Writing the record fails (a full or read-only spool): reported once, not at every batch, until it works again.
        var failing = false
    }

    private let folder: DirectoryHandle
    private let processing: DirectoryHandle
    private let state = Mutex(State())

    /// Keeps its files at the spool's top (the gate's, 0751: others may pass, not list or
    /// write); asks processing/ which drafts are still there.
    public convenience init(folders: OpenSpoolFolders) {
        self.init(folder: folders.root, processing: folders.processing)
    }

    init(folder: DirectoryHandle, processing: DirectoryHandle) {
        self.folder = folder
        self.processing = processing
    }

    /// At start, once the spool lock is held and before any draft is claimed: reads what an
    /// abnormal exit left, gives each draft that was in flight a strike, and forgets strikes
    /// of drafts no longer in processing/.
    public func recover() -> Recovery {
        state.withLock { state in
            var recovery = Recovery()
            var strikes = Self.parse(readFile(Self.strikesName) ?? [])
            if let record = readFile(Self.recordName) {
                recovery.abnormalExit = true
                for (name, count) in Self.parse(record) where processing.exists(name) {
                    strikes[name] = max(strikes[name] ?? 0, count) + 1
                    recovery.inFlight += 1
                }
            }
            strikes = strikes.filter { processing.exists($0.key) }
            state.strikes = strikes
            for (name, count) in strikes.sorted(by: { $0.key < $1.key }) {
                if count >= Self.poisonStrikes { recovery.poison.append(name) } else { recovery.suspects.append(name) }
            }
            // Strikes first, then the record goes: a crash in between only counts this exit again.
            saveStrikes(&state)
            remove(Self.recordName, &state)
            remove(Self.strikesTemporaryName, &state)  // left by a crash before its rename
            return recovery
        }
    }

    /// How `claims` are to be decided, by their strikes.
    public func plan(_ claims: [FileName]) -> Plan {
        state.withLock { state in
            var plan = Plan()
            guard !state.strikes.isEmpty else {
                plan.together = claims
                return plan
            }
            for claim in claims {
                switch state.strikes[claim] ?? 0 {
                case 0: plan.together.append(claim)
                case Self.poisonStrikes...: plan.poison.append(claim)
                default: plan.alone.append(claim)
                }
            }
            return plan
        }
    }

    /// Before `claims` are decided: they are in flight until `decided(_:)`.
    public func deciding(_ claims: [FileName]) {
        guard !claims.isEmpty else { return }
        state.withLock { state in
            var bytes: [UInt8] = []
            for claim in claims { Self.append(claim, strikes: state.strikes[claim] ?? 0, to: &bytes) }
            writeFile(Self.recordName, bytes, &state)
        }
    }

    /// Once `claims` are decided (a poison draft: once its DRAFT_POISON result is made):
    /// nothing is in flight, and their strikes are spent.
    public func decided(_ claims: [FileName]) {
        state.withLock { state in
            remove(Self.recordName, &state)
            guard !state.strikes.isEmpty else { return }
            let before = state.strikes.count
            for claim in claims { state.strikes[claim] = nil }
            if state.strikes.count != before { saveStrikes(&state) }
        }
    }

    /// The first failure to write or remove the files since the last call: a draft that
    /// kills the gate meanwhile is not found, but nothing else changes.
    public func takeFault() -> SpoolError? {
        state.withLock { state in
            defer { state.fault = nil }
            return state.fault
        }
    }

    // MARK: - The files

    /// Entries are "<strikes> <claim name>" ending in NUL: a name may hold any byte but NUL and "/".
    static func append(_ claim: FileName, strikes: Int, to bytes: inout [UInt8]) {
        bytes += Array("\(strikes) ".utf8)
        bytes += claim.bytes
        bytes.append(0)
    }

    /// What `append` wrote; an entry cut short by a crash, or not in that form, is left out.
    static func parse(_ bytes: [UInt8]) -> [FileName: Int] {
        var entries: [FileName: Int] = [:]
        for entry in bytes.split(separator: 0, omittingEmptySubsequences: true) {
            guard let space = entry.firstIndex(of: UInt8(ascii: " ")),
                  let count = Int(String(decoding: entry[..<space], as: UTF8.self)), count >= 0 else { continue }
            let name = Array(entry[(space + 1)...])
            guard !name.isEmpty, !name.contains(UInt8(ascii: "/")) else { continue }
            entries[FileName(bytes: name), default: 0] = max(entries[FileName(bytes: name)] ?? 0, count)
        }
        return entries
    }

    private func saveStrikes(_ state: inout State) {
        guard !state.strikes.isEmpty else {
            remove(Self.strikesName, &state)
            return
        }
        var bytes: [UInt8] = []
        for (claim, count) in state.strikes.sorted(by: { $0.key < $1.key }) { Self.append(claim, strikes: count, to: &bytes) }
        // Whole or not at all: under a temporary name, then renamed over the old one.
        writeFile(Self.strikesTemporaryName, bytes, &state)
        do throws(SystemCallError) {
            try SystemCall.renameat(folder.descriptor, Self.strikesTemporaryName, folder.descriptor, Self.strikesName)
        } catch {
            note(error, Self.strikesName, &state)
        }
    }

    private func writeFile(_ name: FileName, _ bytes: [UInt8], _ state: inout State) {
        do throws(SystemCallError) {
            let descriptor = try folder.openEntry(name, flags: O_WRONLY | O_CREAT | O_TRUNC, mode: 0o600)
            var written: Result<Void, SystemCallError> = .success(())
            do throws(SystemCallError) { try SystemCall.writeAll(descriptor, bytes) } catch { written = .failure(error) }
            try SystemCall.close(descriptor)
            try written.get()
            state.failing = false
        } catch {
            note(error, name, &state)
        }
    }

    private func remove(_ name: FileName, _ state: inout State) {
        do throws(SystemCallError) {
            try SystemCall.unlinkat(folder.descriptor, name)
        } catch where error.errno != ENOENT {
            note(error, name, &state)
        } catch {}
    }

    /// The file's bytes, or nil when there is none. Both files are small (a batch of names).
    private func readFile(_ name: FileName) -> [UInt8]? {
        guard let descriptor = try? folder.openEntry(name) else { return nil }
        defer { try? SystemCall.close(descriptor) }  // read only: a failing close loses nothing
        // A file there but unreadable (EIO) still tells of an abnormal exit; it names no draft.
        return (try? SystemCall.readAll(descriptor, limit: 64 << 20).bytes) ?? []
    }

    private func note(_ error: SystemCallError, _ name: FileName, _ state: inout State) {
        guard !state.failing else { return }
        state.failing = true
        if state.fault == nil {
            state.fault = SpoolError("cannot keep the record of drafts in flight (\(error.call))", path: "\(folder.path)/\(name)", errno: error.errno)
        }
    }
}
