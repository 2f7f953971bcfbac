import ArgumentParser
import StrictJSON
import SupportGateCore
import SupportGateFiling
import SystemCalls

struct FiledShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Print filing records: every partner's (root), or one by name (a submitter reads only its own).",
        discussion: """
            Records are filed/<partnerTenantId>/<draftId>.json. Root lists every partner's folder; a submitter may \
            not list them and reads a record by exact name: DRAFT_ID with --partner. One record per line (JSON Lines) \
            or a table. Exit codes: 0 shown (none is not an error when listing), 2 bad usage or a record that does not \
            read (the others are still shown), \(ResultCommand.exitNoResult) DRAFT_ID has no record (not found or not yours).
            """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable {
        /// JSON Lines: one compact record per line.
        case json
        /// A table for people.
        case text
    }

    @Argument(help: ArgumentHelp("Only this draft's record.", valueName: "draft-id"))
    var draftId: String?

    @Option(name: .long, help: ArgumentHelp("Only this partner's records.", valueName: "tenant"))
    var partner: String?

    @Option(name: .long, help: ArgumentHelp("Only records in this state: \(FilingState.allCases.map(\.rawValue).joined(separator: ", ")).", valueName: "state"))
    var state: String?

    @OptionGroup var spool: SpoolOptions

    @Option(name: .long, help: "json (JSON Lines) or text (a table).")
    var format: Format = .text

    func validate() throws {
        if let draftId, !DraftParser.isValidDraftId(draftId) {
            throw ValidationError("a draft id is 1–64 characters of A–Z, a–z, 0–9, '.', '_' or '-'")
        }
        if let partner, TenantGUID(partner) == nil { throw ValidationError("--partner must be a tenant id (a GUID), not \(partner)") }
        if let state, FilingState(rawValue: state) == nil {
            throw ValidationError("--state is one of \(FilingState.allCases.map(\.rawValue).joined(separator: ", ")), not \(state)")
        }
    }

    func run() throws {
        let filed = "\(try spool.root())/filed"
        let partners = try partnerFolders(filed)
        var loaded: [FilingLookup.Loaded] = []
        var unreadable = false
        for partner in partners {
            for path in try recordPaths(in: "\(filed)/\(partner)", listedPartner: self.partner == nil) {
                do {
                    if let record = try FilingLookup.read(path) { loaded.append(record) }
                } catch {
                    StandardStreams.standardError("error: \(TerminalText.escape(error.description))")
                    unreadable = true
                }
            }
        }
        let wanted = state.flatMap(FilingState.init(rawValue:))
        let shown = loaded.filter { wanted == nil || $0.record.state == wanted }.sorted { a, b in
            (a.record.partnerTenantId, a.record.decidedAt, a.record.draftId) < (b.record.partnerTenantId, b.record.decidedAt, b.record.draftId)
        }
        switch format {
        case .json: shown.forEach { StandardStreams.standardOutput(JSONWriter.compact(.object($0.object))) }
        case .text: StandardStreams.standardOutput(FiledTable.render(shown.map(\.record)))
        }
        if unreadable { throw ExitCode(2) }
        if let draftId, loaded.isEmpty {
            let scope = partner.map { " of partner \($0.lowercased())" } ?? ""
            StandardStreams.standardError("error: no filing record for draft \(draftId)\(scope) (not found or not yours)")
            throw ExitCode(ResultCommand.exitNoResult)
        }
    }

    /// The partner folders to read: the one named, or every one in filed/ where the caller
    /// may list it.
    private func partnerFolders(_ filed: String) throws -> [String] {
        // validate() took only a tenant id.
        if let partner { return [TenantGUID(partner)?.description ?? partner] }
        let directory: DirectoryStream
        do {
            directory = try DirectoryStream(path: filed)
        } catch {
            StandardStreams.standardError("error: cannot list \(filed): \(error); every partner's records are root's to list. A submitter reads one record by name: supportgate filed show DRAFT_ID --partner TENANT")
            throw ExitCode(2)
        }
        var partners: [String] = []
        while let name = try directory.nextName() {
            // Only the forwarder writes here; a name that is no tenant id is no partner's folder.
            if let tenant = TenantGUID(name), tenant.description == name { partners.append(name) }
        }
        return partners.sorted()
    }

    /// The records to read in one partner's folder: DRAFT_ID's by name, or all of them.
    private func recordPaths(in folder: String, listedPartner: Bool) throws -> [String] {
        if let draftId { return ["\(folder)/\(draftId).json"] }
        let directory: DirectoryStream
        do {
            directory = try DirectoryStream(path: folder)
        } catch {
            // A folder found by listing filed/ and gone since has nothing to show.
            if listedPartner { return [] }
            StandardStreams.standardError("error: cannot list \(folder): \(error); a submitter reads one record by name: supportgate filed show DRAFT_ID --partner TENANT")
            throw ExitCode(2)
        }
        var paths: [String] = []
        while let name = try directory.nextName() {
            // Hidden names are the forwarder's temporary files.
            if name.hasSuffix(".json"), !name.hasPrefix(".") { paths.append("\(folder)/\(name)") }
        }
        return paths.sorted()
    }
}
