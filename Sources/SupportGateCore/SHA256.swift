import CCrypto

/// SHA-256 (FIPS 180-4), for content hashes: configuration revisions, draft digests and
/// decision ids. Computed by libcrypto, which uses the CPU's SHA extensions where there
/// are any: hashing every draft's bytes is on the gate's hot path. A value type: a copy
/// taken part-way hashes on independently.
public struct SHA256: Sendable {
    private var context: DigestContext

    public init() {
        context = DigestContext()
    }

    public mutating func update<Bytes: Sequence>(_ bytes: Bytes) where Bytes.Element == UInt8 {
        let handled: Void? = bytes.withContiguousStorageIfAvailable { update(UnsafeRawBufferPointer($0)) }
        if handled == nil {
            let copy = Array(bytes)
            copy.withUnsafeBytes { update($0) }
        }
    }

    public mutating func update(_ bytes: UnsafeRawBufferPointer) {
        if !isKnownUniquelyReferenced(&context) { context = context.copy() }
        context.update(bytes)
    }

    public mutating func update(_ text: String) {
        var text = text
        text.withUTF8 { update(UnsafeRawBufferPointer($0)) }
    }

    public consuming func finalize() -> [UInt8] {
        if !isKnownUniquelyReferenced(&context) { context = context.copy() }
        return context.finalize()
    }

    public static func hash<Bytes: Sequence>(_ bytes: Bytes) -> [UInt8] where Bytes.Element == UInt8 {
        let oneShot: [UInt8]? = bytes.withContiguousStorageIfAvailable { DigestContext.digest(UnsafeRawBufferPointer($0)) }
        if let oneShot { return oneShot }
        var hasher = SHA256()
        hasher.update(bytes)
        return hasher.finalize()
    }

    public static func hex(_ digest: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(digest.count * 2)
        for byte in digest {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0xF)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}

/// One libcrypto digest context, freed with its owner. libcrypto fails here only when
/// it cannot allocate, which the gate cannot carry on from either.
private final class DigestContext: @unchecked Sendable {
    // Fetched once: an implicit fetch on every digest costs more than hashing a small input.
    nonisolated(unsafe) private static let algorithm: OpaquePointer = {
        guard let algorithm = EVP_MD_fetch(nil, "SHA256", nil) else { fatalError("libcrypto has no SHA-256") }
        return algorithm
    }()

    private let context: OpaquePointer

    init() {
        guard let context = EVP_MD_CTX_new(), EVP_DigestInit_ex2(context, Self.algorithm, nil) == 1 else {
            fatalError("libcrypto could not start a SHA-256 digest")
        }
        self.context = context
    }

    private init(copying other: OpaquePointer) {
        guard let context = EVP_MD_CTX_new(), EVP_MD_CTX_copy_ex(context, other) == 1 else {
            fatalError("libcrypto could not copy a SHA-256 digest")
        }
        self.context = context
    }

    deinit {
        EVP_MD_CTX_free(context)
    }

    func copy() -> DigestContext {
        DigestContext(copying: context)
    }

    func update(_ bytes: UnsafeRawBufferPointer) {
        guard bytes.count > 0 else { return }
        guard EVP_DigestUpdate(context, bytes.baseAddress, bytes.count) == 1 else { fatalError("libcrypto SHA-256 update failed") }
    }

    func finalize() -> [UInt8] {
        [UInt8](unsafeUninitializedCapacity: 32) { buffer, count in
            var length: UInt32 = 0
            guard EVP_DigestFinal_ex(context, buffer.baseAddress, &length) == 1, length == 32 else { fatalError("libcrypto SHA-256 final failed") }
            count = 32
        }
    }

    static func digest(_ bytes: UnsafeRawBufferPointer) -> [UInt8] {
        [UInt8](unsafeUninitializedCapacity: 32) { buffer, count in
            var length: UInt32 = 0
            let empty: UInt8 = 0
            let result = withUnsafePointer(to: empty) { placeholder in
                EVP_Digest(bytes.baseAddress ?? UnsafeRawPointer(placeholder), bytes.count, buffer.baseAddress, &length, algorithm, nil)
            }
            guard result == 1, length == 32 else { fatalError("libcrypto SHA-256 failed") }
            count = 32
        }
    }
}
