/// Names in processing/: "<number>-<original name>". The number is the gate's own, one
/// per claim and never used twice (it counts on from the time the gate started, in
/// microseconds), so two drafts dropped under the same name stay apart, whatever a
/// submitter does to the name meanwhile: a name taken from readdir's inode number could
/// disagree with the file the rename actually moved, and freed inode numbers come back.
/// The original name is kept for the draft id a draft without its own is given.
enum ClaimName {
    static func make(number: UInt64, original: FileName) -> FileName {
        original.prefixed("\(number)-")
    }

    /// The number a claim name starts with ("" for a name that is no claim).
    static func number(of claim: FileName) -> String {
        String(decoding: claim.bytes.prefix { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }, as: UTF8.self)
    }

    static func original(of claim: FileName) -> FileName {
        guard let dash = claim.bytes.firstIndex(of: UInt8(ascii: "-")),
              claim.bytes[..<dash].allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }), dash > 0 else {
            return claim
        }
        return FileName(bytes: Array(claim.bytes[(dash + 1)...]))
    }
}
