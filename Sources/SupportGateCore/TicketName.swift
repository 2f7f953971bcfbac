/// The name of an accepted draft's Azure ticket, `{name}` in its submission's path
/// (contract §2): an RFC 9562 version-5 UUID of (partnerTenantId, draftId) alone, so every
/// decision of one draft names the same ticket, and two partners that use the same draft
/// id name two tickets. The forwarder finds out by this name whether a ticket it may have
/// filed exists (§8).
///
/// The name string is the partner tenant id in lower-case canonical form, "/", then the
/// draft id exactly as the draft gives it (or as derived from the file name): draft ids
/// compare exactly, case included (the ledger's key and the result's file name), so
/// "Case-1" and "case-1" are two drafts and two tickets. Neither part can hold a "/" (a
/// GUID; `[A-Za-z0-9._-]`), so no two pairs give the same string.
public enum TicketName {
    /// The namespace of every supportgate ticket name, generated once at random (v4);
    /// docs/results.md gives it, so that anyone can compute a ticket's name. Never change it:
    /// tickets already filed would no longer be found by their names.
    public static let namespace: [UInt8] = uuidBytes("f0e1c4eb-59ba-4a31-a7aa-d2974464a3de")!

    /// The ticket name for this partner's draft id: lower-case 8-4-4-4-12.
    public static func of(partner: TenantGUID, draftId: String) -> String {
        uuidV5(namespace: namespace, name: Array("\(partner.description)/\(draftId)".utf8))
    }

    /// RFC 9562 §5.5: SHA-1 of the namespace's 16 bytes then the name, the first 16 bytes of
    /// the digest, version 5 in the high nibble of byte 6, variant 10 in the top bits of byte 8.
    public static func uuidV5(namespace: [UInt8], name: [UInt8]) -> String {
        var bytes = Array(SHA1.hash(namespace + name).prefix(16))
        bytes[6] = bytes[6] & 0x0F | 0x50
        bytes[8] = bytes[8] & 0x3F | 0x80
        return format(bytes)
    }

    /// The 16 bytes of a UUID in 8-4-4-4-12 form (either case); nil if it is not one.
    public static func uuidBytes(_ text: String) -> [UInt8]? {
        guard let guid = TenantGUID(text) else { return nil }
        return (0..<8).map { UInt8(truncatingIfNeeded: guid.high >> UInt64(56 - 8 * $0)) }
            + (0..<8).map { UInt8(truncatingIfNeeded: guid.low >> UInt64(56 - 8 * $0)) }
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)

    private static func format(_ bytes: [UInt8]) -> String {
        var text: [UInt8] = []
        for (index, byte) in bytes.enumerated() {
            if [4, 6, 8, 10].contains(index) { text.append(UInt8(ascii: "-")) }
            text.append(hexDigits[Int(byte >> 4)])
            text.append(hexDigits[Int(byte & 0x0F)])
        }
        return String(decoding: text, as: UTF8.self)
    }
}
