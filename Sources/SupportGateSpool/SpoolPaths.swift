/// The spool's folders under one root (see docs/spool.md):
///
///     staging/     writers' temporary files (supportgate submit writes here first)
///     incoming/    drafts to decide: rename into it, or cp/mv
///     processing/  drafts the gate has claimed
///     accepted/    results of accepted drafts
///     rejected/    results of rejected drafts
///     quarantine/  originals of drafts that could not be read or parsed; never deleted
///     archive/     originals of decided drafts
public struct SpoolPaths: Sendable, Hashable {
    public enum Folder: String, Sendable, CaseIterable {
        case staging, incoming, processing, accepted, rejected, quarantine, archive
    }

    public let root: String

    public init(root: String) {
        self.root = root.count > 1 && root.hasSuffix("/") ? String(root.dropLast()) : root
    }

    public func path(_ folder: Folder) -> String {
        "\(root)/\(folder.rawValue)"
    }
}
