/// Names in processing/: "<inode>-<original name>". The inode keeps two drafts
/// dropped under the same name apart (an inode cannot be reused while the file
/// lives on in processing, archive or quarantine); the original name is kept for
/// the draft id a draft without its own is given.
enum ClaimName {
    static func make(inode: UInt64, original: FileName) -> FileName {
        original.prefixed("\(inode)-")
    }

    static func original(of claim: FileName) -> FileName {
        guard let dash = claim.bytes.firstIndex(of: UInt8(ascii: "-")),
              claim.bytes[..<dash].allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }), dash > 0 else {
            return claim
        }
        return FileName(bytes: Array(claim.bytes[(dash + 1)...]))
    }
}
