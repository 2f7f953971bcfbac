/// One structured journal entry: a message, a syslog priority and fields.
/// Field names are checked against journald's rules when the entry is built,
/// so an entry can never be dropped by journald for a bad name. Its size is bounded
/// (`maxFields` fields of at most `maxValueBytes` each): `sd_journal_sendv` takes up to
/// five iovecs per field and fails past IOV_MAX (1024), so an entry with a field per
/// finding of a hostile draft never reached the journal.
public struct JournalEntry: Sendable, Hashable {
    /// Fields past the fixed four (MESSAGE_ID, MESSAGE, PRIORITY, SYSLOG_IDENTIFIER);
    /// with them and FIELDS_OMITTED, at most 5 × 69 + 3 = 348 iovecs.
    public static let maxFields = 64
    /// A value (and the message) in UTF-8 bytes; a longer one is cut and ends in `truncationMarker`.
    public static let maxValueBytes = 4_096
    public static let truncationMarker = " …[truncated]"

    public enum Priority: Int, Sendable {
        case error = 3, warning = 4, notice = 5, info = 6, debug = 7
    }

    public let messageID: MessageID
    public let message: String
    public let priority: Priority
    /// In order; a name may repeat (journald keeps every value).
    public private(set) var fields: [Field]

    public struct Field: Sendable, Hashable {
        public let name: String
        public let value: String
    }

    /// Fields that did not fit (`maxFields`); the entry says how many in FIELDS_OMITTED.
    public private(set) var omittedFields = 0

    public init(_ messageID: MessageID, _ message: String, priority: Priority = .info) {
        self.messageID = messageID
        self.message = Self.bounded(message)
        self.priority = priority
        self.fields = []
    }

    /// Adds a field; an empty or absent value is left out.
    public mutating func add(_ name: String, _ value: String?) {
        precondition(Self.isValidFieldName(name), "invalid journal field name \(name)")
        guard let value, !value.isEmpty else { return }
        guard fields.count < Self.maxFields else {
            omittedFields += 1
            return
        }
        fields.append(Field(name: name, value: Self.bounded(value)))
    }

    /// `text` within `maxValueBytes` UTF-8 bytes, cut on a scalar boundary.
    static func bounded(_ text: String) -> String {
        guard text.utf8.count > maxValueBytes else { return text }
        let budget = maxValueBytes - truncationMarker.utf8.count
        let scalars = text.unicodeScalars
        var end = scalars.startIndex
        var used = 0
        for index in scalars.indices {
            let size = UTF8.width(scalars[index])
            guard used + size <= budget else { break }
            used += size
            end = scalars.index(after: index)
        }
        return String(scalars[..<end]) + truncationMarker
    }

    public func values(_ name: String) -> [String] {
        fields.filter { $0.name == name }.map(\.value)
    }

    /// journald: A–Z, 0–9 and "_", not starting with "_" (trusted fields) or a digit, at most 64.
    public static func isValidFieldName(_ name: String) -> Bool {
        let bytes = name.utf8
        guard (1...64).contains(bytes.count), let first = bytes.first, first != UInt8(ascii: "_"),
              !(UInt8(ascii: "0")...UInt8(ascii: "9")).contains(first) else { return false }
        return bytes.allSatisfy { (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains($0) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) || $0 == UInt8(ascii: "_") }
    }

    /// Every field as journald receives it, MESSAGE_ID, MESSAGE and PRIORITY first.
    public var allFields: [Field] {
        [Field(name: "MESSAGE_ID", value: messageID.rawValue), Field(name: "MESSAGE", value: message),
         Field(name: "PRIORITY", value: String(priority.rawValue)), Field(name: "SYSLOG_IDENTIFIER", value: "supportgate")] + fields
            + (omittedFields > 0 ? [Field(name: "FIELDS_OMITTED", value: String(omittedFields))] : [])
    }
}

/// One fixed 128-bit id per kind of event, so `journalctl MESSAGE_ID=…` finds them all.
public enum MessageID: String, Sendable, CaseIterable {
    case draftAccepted = "5e3c1f0a9b2d4c6e8f7a1b2c3d4e5f60"
    case draftRejected = "5e3c1f0a9b2d4c6e8f7a1b2c3d4e5f61"
    case gateStarted = "5e3c1f0a9b2d4c6e8f7a1b2c3d4e5f62"
    case gateStopping = "5e3c1f0a9b2d4c6e8f7a1b2c3d4e5f63"
    case reloadApplied = "5e3c1f0a9b2d4c6e8f7a1b2c3d4e5f64"
    case reloadRefused = "5e3c1f0a9b2d4c6e8f7a1b2c3d4e5f65"
    case entrySkipped = "5e3c1f0a9b2d4c6e8f7a1b2c3d4e5f66"
    case spoolFault = "5e3c1f0a9b2d4c6e8f7a1b2c3d4e5f67"
    case spoolRecovered = "5e3c1f0a9b2d4c6e8f7a1b2c3d4e5f68"
    case queueOverflow = "5e3c1f0a9b2d4c6e8f7a1b2c3d4e5f69"
    case startFailed = "5e3c1f0a9b2d4c6e8f7a1b2c3d4e5f6a"
    /// `supportgate ledger release` gave an incident back.
    case incidentReleased = "5e3c1f0a9b2d4c6e8f7a1b2c3d4e5f6b"
    /// A draft accepted before (here or at another gate sharing the ledger), dropped again by
    /// its submitter: that acceptance's result written here.
    case decisionAdopted = "5e3c1f0a9b2d4c6e8f7a1b2c3d4e5f6c"
    /// The metrics file (`metrics.textfile`) could not be written; deciding goes on.
    case metricsNotWritten = "5e3c1f0a9b2d4c6e8f7a1b2c3d4e5f6d"
    /// `supportgate ledger prune` forgot accepted drafts past `ledger.retentionDays`.
    case ledgerPruned = "5e3c1f0a9b2d4c6e8f7a1b2c3d4e5f70"
    /// At the first start on a ledger of schema 2, the spool's accepted results were carried
    /// into it (a 0.19.0 ledger kept only the drafts that used an incident).
    case spoolCarriedOver = "5e3c1f0a9b2d4c6e8f7a1b2c3d4e5f71"
    /// The loop's wait (`poll`) failed; the gate waited out its timeout instead and goes on.
    case waitFailed = "5e3c1f0a9b2d4c6e8f7a1b2c3d4e5f72"
    /// `spool.forwarderUser` names a user the host does not have: accepted results get no
    /// entry for the forwarder (at start, and at each reload that still lacks it).
    case forwarderUserMissing = "5e3c1f0a9b2d4c6e8f7a1b2c3d4e5fa0"

    // `supportgate forward` (contract §8): one id per kind of filing event.
    /// An accepted Azure draft is a ticket at Microsoft (TICKET_NAME, TICKET_ID).
    case ticketFiled = "5e3c1f0a9b2d4c6e8f7a1b2c3d4e5f80"
    /// Microsoft refused the request for good (`rejected-by-microsoft`, its code and message).
    case ticketRejected = "5e3c1f0a9b2d4c6e8f7a1b2c3d4e5f81"
    /// A Partner Center draft waits to be filed by hand (`manual`).
    case ticketManual = "5e3c1f0a9b2d4c6e8f7a1b2c3d4e5f82"
    /// A manual record was linked to the service request filed by hand.
    case ticketLinked = "5e3c1f0a9b2d4c6e8f7a1b2c3d4e5f83"
    /// Microsoft's status of a ticket changed (STATUS, PREVIOUS_STATUS).
    case ticketStatusChanged = "5e3c1f0a9b2d4c6e8f7a1b2c3d4e5f84"
    case forwarderStarted = "5e3c1f0a9b2d4c6e8f7a1b2c3d4e5f85"
    case forwarderStopping = "5e3c1f0a9b2d4c6e8f7a1b2c3d4e5f86"
    /// A file on an accepted shelf the forwarder will not file (planted, unreadable, malformed).
    case resultRefused = "5e3c1f0a9b2d4c6e8f7a1b2c3d4e5f87"
    /// A partner's credentials file was not taken; that partner is not filed.
    case credentialsRefused = "5e3c1f0a9b2d4c6e8f7a1b2c3d4e5f88"
    /// A request to Microsoft failed and will be made again (throttled, unavailable, unauthorized).
    case filingFault = "5e3c1f0a9b2d4c6e8f7a1b2c3d4e5f89"
    /// An endpoint that was down answers again.
    case filingRecovered = "5e3c1f0a9b2d4c6e8f7a1b2c3d4e5f8a"
}
