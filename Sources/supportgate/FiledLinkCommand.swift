import ArgumentParser
#if canImport(Glibc)
import Glibc
#endif
import SupportGateConfig
import SupportGateFiling
import SupportGateForward
import SupportGateSpool
import SystemCalls

/// `supportgate filed link DRAFT_ID SR_ID`: the Partner Center service request a person
/// filed by hand for a `manual` record. The forwarder alone writes records: this leaves a
/// link request in its state folder, which it applies on its next turn, then follows the
/// request's status.
struct FiledLinkCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "link",
        abstract: "Link a manual (Partner Center) record to the service request filed by hand.",
        discussion: "Run as root or the forwarder's user. The forwarder applies it within a rescan interval (or at its next --once)."
    )

    @Argument(help: "The draft id of the manual record.")
    var draftId: String

    @Argument(help: "Partner Center's service request id.")
    var serviceRequestId: String

    @Option(name: .long, help: ArgumentHelp("The partner tenant id, when several partners have a record of this draft id.", valueName: "tenant"))
    var partner: String?

    @Option(name: .long, help: ArgumentHelp("The configuration file.", valueName: "file"))
    var config: String = GateConfiguration.defaultPath

    func run() throws {
        guard ServiceRequestStatus.isValidID(serviceRequestId) else {
            fail("\(serviceRequestId) is not a service request id (letters, digits and '-')")
        }
        guard RecordShelf.recordName(draftId) != nil else { fail("\(draftId) is not a draft id") }
        let configuration = try GateOptions.loadConfiguration(path: config)
        let filed = "\(configuration.spool.root)/filed"
        let partner = try self.partner ?? findPartner(filed: filed)
        let records: RecordShelf
        do {
            records = try RecordShelf(spoolRoot: configuration.spool.root)
        } catch {
            fail("\(error)")
        }
        let record: FilingRecord?
        do {
            record = try records.read(partner: partner, draftId: draftId)
        } catch {
            fail("\(filed)/\(partner)/\(draftId).json does not read: \(error)")
        }
        guard let record else { fail("no record of draft \(draftId) for partner \(partner) in \(filed)") }
        guard record.state == .manual else {
            fail("the record of \(draftId) is \(record.state.rawValue), not manual: only a Partner Center request filed by hand is linked")
        }
        do {
            try writeRequest(stateDirectory: configuration.forward.stateDirectory, partner: partner)
        } catch {
            fail("cannot leave the link request in \(configuration.forward.stateDirectory)/links: \(error)")
        }
        print("link requested: \(draftId) → service request \(serviceRequestId); the forwarder applies it on its next turn")
    }

    private func fail(_ message: String) -> Never {
        StandardStreams.standardError("error: \(message)")
        Glibc.exit(2)
    }

    private func findPartner(filed: String) throws -> String {
        let folder: DirectoryHandle
        do {
            folder = try DirectoryHandle(path: filed)
        } catch {
            fail("\(error)")
        }
        let matches = (folder.subfolderNames() ?? []).filter { folder.exists(FileName("\($0)/\(draftId).json")) }
        guard matches.count == 1 else {
            fail(matches.isEmpty ? "no record of draft \(draftId) in \(filed)" : "several partners have a record of \(draftId); name one with --partner")
        }
        return matches[0].description
    }

    /// `links/<partner>_<draftId>` in the forwarder's state folder, atomically, given to the
    /// folder's owner so the forwarder can remove it once applied.
    private func writeRequest(stateDirectory: String, partner: String) throws {
        let state = try DirectoryHandle(path: stateDirectory)
        let owner = try SystemCall.fstat(state.descriptor)
        let linksName = FileName("links")
        let existed = state.exists(linksName)
        let links = try DirectoryHandle(in: state, name: linksName, create: 0o700)
        if !existed { try SystemCall.lchown("\(stateDirectory)/links", owner: owner.st_uid, group: owner.st_gid) }
        let name = ForwarderState.linkFileName(partner: partner, draftId: draftId)
        let temporary = FileName(".\(name).tmp")
        if links.exists(temporary) { try links.remove(temporary) }
        try links.writeNewFile(temporary, Array((serviceRequestId + "\n").utf8), fsync: true, mode: 0o644)
        try SystemCall.lchown("\(links.path)/\(temporary)", owner: owner.st_uid, group: owner.st_gid)
        try links.rename(temporary, to: links, as: name, replacing: true)
        try links.sync()
    }
}
