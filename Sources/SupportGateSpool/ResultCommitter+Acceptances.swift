#if canImport(Glibc)
import Glibc
#endif
import SystemCalls

extension ResultCommitter {
    /// Calls `body` with the bytes of each acceptance's result on the partners' shelves of
    /// accepted/ (`<partner>/<ID>.json`), as the walk finds them: for carrying a 0.19.0
    /// spool's decisions over into the ledger once. Results over 1 MiB, unreadable ones and
    /// anything not a regular file are skipped. False when a folder could not be read to the end.
    public func forEachAcceptedResult(_ body: ([UInt8]) -> Void) -> Bool {
        var complete = true
        for shelfName in folders.accepted.subfolderNames() ?? [] {
            guard let shelf = try? DirectoryHandle(in: folders.accepted, name: shelfName) else {
                complete = false
                continue
            }
            complete = shelf.forEachEntryName { raw in
                let name = FileName(bytes: Array(raw))
                guard !name.isHidden, !name.hasPrefix(Self.temporaryPrefix), name.hasSuffix(".json") else { return }
                guard let descriptor = try? shelf.openEntry(name) else { return }
                defer { try? SystemCall.close(descriptor) }  // read only: a failing close loses nothing
                if case .success(let file) = DraftFileReader.read(descriptor: descriptor, maxBytes: 1 << 20) { body(file.bytes) }
            } && complete
        }
        return complete
    }
}
