import ArgumentParser
import BusinessCalendar
#if canImport(Glibc)
import Glibc
#endif
import SupportGateConfig
import SupportGateDaemon
import SupportGateLedger
import SupportGateSystemd

extension GateConfiguration.LedgerSettings {
    /// Where the settings put the ledger. The ledger module alone chooses between the
    /// SQLite file and PostgreSQL from it (`LedgerLocation.open`), for the gate and the
    /// command line alike.
    var ledgerLocation: LedgerLocation { LedgerLocation(path: path, url: url) }
}

/// The command line's way into the ledger.
enum LedgerAccess {
    enum Opened {
        case opened(any IncidentLedger)
        /// No file yet: the gate has not recorded anything.
        case missing
        case unreadable(LedgerError)
    }

    /// For reading only: creates nothing and changes nothing in a file. A PostgreSQL
    /// ledger connects at its first call: it is made here, so that one that cannot be
    /// reached is reported as unreadable rather than halfway through a report.
    static func openForReading(_ settings: GateConfiguration.LedgerSettings) -> Opened {
        do {
            guard let ledger = try settings.ledgerLocation.open(.reading) else { return .missing }
            if settings.url != nil { _ = try ledger.partners() }
            return .opened(ledger)
        } catch {
            return .unreadable(error)
        }
    }

    /// For changing it (`release`, `prune`); nil when the SQLite file does not exist yet.
    static func openForWriting(_ settings: GateConfiguration.LedgerSettings) throws(LedgerError) -> (any IncidentLedger)? {
        try settings.ledgerLocation.open(.writing)
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
        let instant = SystemClock.now().rfc3339
        let location = settings.ledgerLocation.description
        let outcome: (draft: AcceptedDraft, releasedNow: Bool)?
        let inUse: Int?
        do {
            guard let ledger = try openForWriting(settings) else {
                StandardStreams.standardError("error: no accepted draft used an incident under decision id \(decisionId): the ledger \(location) does not exist yet")
                throw ExitCode(1)
            }
            outcome = try ledger.release(decisionId: decisionId, reason: reason, at: instant)
            inUse = try outcome.map { outcome throws(LedgerError) in
                try ledger.inUse(partner: outcome.draft.partnerTenantId)[outcome.draft.entitlementId ?? ""] ?? 0
            }
        } catch let error as LedgerError {
            StandardStreams.standardError("error: \(error)")
            throw ExitCode(2)
        }
        guard let outcome else {
            StandardStreams.standardError("error: no accepted draft used an incident under decision id \(decisionId) (the decisionId of an accepted result that used one; `supportgate ledger show` lists them)")
            throw ExitCode(1)
        }
        let released = outcome.draft
        let entitlement = released.entitlementId ?? "?"
        guard outcome.releasedNow else {
            StandardStreams.standardOutput("already released at \(released.releasedAt ?? "?"): \(released.releaseReason ?? "")")
            return
        }
        var entry = JournalEntry(.incidentReleased, "incident of entitlement \(entitlement) given back (decision \(decisionId)): \(reason)", priority: .notice)
        entry.add("DECISION_ID", decisionId)
        entry.add("PARTNER_TENANT_ID", released.partnerTenantId)
        entry.add("ENTITLEMENT_ID", entitlement)
        entry.add("DRAFT_ID", released.draftId)
        entry.add("RELEASE_REASON", reason)
        entry.add("RELEASED_BY_UID", String(getuid()))
        entry.add("INCIDENTS_IN_USE", inUse.map { String($0) })
        journal.send(entry)
        StandardStreams.standardOutput("released: decision \(decisionId), entitlement \(entitlement) of partner \(released.partnerTenantId); \(inUse ?? 0) in use now")
    }
}
