import SupportGateCore
import Testing

@Suite("SHA-256")
struct SHA256Tests {
    @Test("FIPS 180-4 test vectors", arguments: [
        ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        ("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"),
    ])
    func vectors(_ input: String, _ expected: String) {
        #expect(SHA256.hex(SHA256.hash(Array(input.utf8))) == expected)
    }

    @Test("a million 'a', fed in uneven pieces")
    func millionA() {
        var hasher = SHA256()
        var remaining = 1_000_000
        var piece = 1
        while remaining > 0 {
            let count = min(piece, remaining)
            hasher.update([UInt8](repeating: UInt8(ascii: "a"), count: count))
            remaining -= count
            piece = piece * 3 % 997 + 1
        }
        #expect(SHA256.hex(hasher.finalize()) == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    @Test("a copy taken part-way hashes on by itself (value semantics over one libcrypto context)")
    func copiesAreIndependent() {
        var first = SHA256()
        first.update(Array("ab".utf8))
        var second = first
        first.update(Array("c".utf8))
        second.update(Array("d".utf8))
        #expect(SHA256.hex(first.finalize()) == SHA256.hex(SHA256.hash(Array("abc".utf8))))
        #expect(SHA256.hex(second.finalize()) == SHA256.hex(SHA256.hash(Array("abd".utf8))))
    }

    @Test("one-shot and incremental agree, on contiguous and non-contiguous input")
    func oneShotMatchesIncremental() {
        let bytes = (0..<5_000).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        var hasher = SHA256()
        hasher.update(bytes[..<1_234])
        hasher.update(bytes[1_234...])
        let incremental = hasher.finalize()
        #expect(SHA256.hash(bytes) == incremental)
        #expect(SHA256.hash(bytes.lazy.map { $0 }) == incremental)
    }
}
