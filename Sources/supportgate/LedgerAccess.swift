import ArgumentParser
import BusinessCalendar
#if canImport(Glibc)
import Glibc
#endif
import SupportGateConfig
import SupportGateDaemon
import SupportGateLedger
import SupportGateSystemd

/// The command line's way into the ledger file.
enum LedgerAccess {
    enum Opened {
        case opened(any IncidentLedger)
        /// No file yet: the gate has not recorded anything.
        case missing
        case unreadable(LedgerError)
    }

    /// For reading only: creates nothing and changes nothing in a file (a PostgreSQL ledger
    /// gets its tables, empty, if it has none yet).
    static func openForReading(_ settings: GateConfiguration.LedgerSettings) -> Opened {
        if let url = settings.url {
            let ledger = PostgresLedger(url: url)
            do {
                _ = try ledger.partners()
                return .opened(ledger)
            } catch {
                return .unreadable(error)
            }
        }
        if fileMissing(settings) { return .missing }
        do {
            return .opened(try SQLiteLedger(path: settings.path, readOnly: true))
        } catch {
            return .unreadable(error)
        }
    }

    /// For writing (`release`); nil when the file does not exist yet.
    static func openForWriting(_ settings: GateConfiguration.LedgerSettings) throws(LedgerError) -> (any IncidentLedger)? {
        if let url = settings.url { return PostgresLedger(url: url) }
        if fileMissing(settings) { return nil }
        return try SQLiteLedger(path: settings.path)
    }

    /// The SQLite file does not exist yet: the gate has recorded nothing.
    private static func fileMissing(_ settings: GateConfiguration.LedgerSettings) -> Bool {
        access(settings.path, F_OK) != 0 && errno == ENOENT
    }

    /// Why `text` cannot go into the ledger and the journal: control characters would
    /// forge lines in a terminal or a log viewer.
    static func problem(withText text: String, maxLength: Int) -> String? {
        if text.utf8.count > maxLength { return "is longer than \(maxLength) bytes" }
        if text.unicodeScalars.contains(where: { [.control, .format, .lineSeparator, .paragraphSeparator].contains($0.properties.generalCategory) }) {
            return "contains a control or formatting character (a newline, tab, escape or a bidirectional override)"
        }
        return nil
    }

    static func release(decisionId: String, reason: String, ledger settings: GateConfiguration.LedgerSettings, journal: any JournalSink) throws {
        let instant = Clocks.now().rfc3339
        let outcome: (draft: AcceptedDraft, releasedNow: Bool)?
        let inUse: Int?
        do {
            guard let ledger = try openForWriting(settings) else {
                FileHandleOutput.standardError("error: no consumption has decision id \(decisionId): the ledger \(settings.location) does not exist yet")
                throw ExitCode(1)
            }
            outcome = try ledger.release(decisionId: decisionId, reason: reason, at: instant)
            inUse = try outcome.map { try ledger.inUse(partner: $0.draft.partnerTenantId)[$0.draft.entitlementId ?? ""] ?? 0 }
        } catch let error as LedgerError {
            FileHandleOutput.standardError("error: \(error)")
            throw ExitCode(2)
        }
        guard let outcome else {
            FileHandleOutput.standardError("error: no consumption has decision id \(decisionId) (the decisionId of an accepted result that used an incident; `supportgate ledger show` lists them)")
            throw ExitCode(1)
        }
        let released = outcome.draft
        guard outcome.releasedNow else {
            FileHandleOutput.standardOutput("already released at \(released.releasedAt ?? "?"): \(released.releaseReason ?? "")")
            return
        }
        var entry = JournalEntry(.incidentReleased, "incident of entitlement \(released.entitlementId ?? "") given back (decision \(decisionId)): \(reason)", priority: .notice)
        entry.add("DECISION_ID", decisionId)
        entry.add("PARTNER_TENANT_ID", released.partnerTenantId)
        entry.add("ENTITLEMENT_ID", released.entitlementId)
        entry.add("DRAFT_ID", released.draftId)
        entry.add("RELEASE_REASON", reason)
        entry.add("RELEASED_BY_UID", String(getuid()))
        entry.add("INCIDENTS_IN_USE", inUse.map { String($0) })
        journal.send(entry)
        FileHandleOutput.standardOutput("released: decision \(decisionId), entitlement \(released.entitlementId ?? "") of partner \(released.partnerTenantId); \(inUse ?? 0) in use now")
    }
}
