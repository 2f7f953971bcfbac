import Foundation
import Synchronization

/// A PostgreSQL server that stops answering, on a local socket (`DIR/.s.PGSQL.PORT`): it
/// accepts every connection and reads everything sent, but answers only the first
/// `answeredStatements` statements of each connection (and, when `completesStartup`, the
/// startup: trust authentication, ready for queries). The rest it never answers, as a
/// frozen server whose kernel still queues its clients' bytes. One connection at a time,
/// on a thread of its own; `stop()` ends it.
final class SilentPostgresServer: Sendable {
    let folder: String
    let port = 5432
    private let listener: Int32
    private let accepted = Counter()

    private final class Counter: Sendable {
        let value = Mutex(0)
    }

    var url: String { "postgresql:///ledger?host=\(folder)&port=\(port)&user=gate&sslmode=disable&gssencmode=disable" }

    /// Connections accepted so far.
    var connections: Int { accepted.value.withLock { $0 } }

    init(completesStartup: Bool, answeredStatements: Int = 0) throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("sg-pg-\(UUID().uuidString.prefix(8))").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let listener = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        self.listener = listener
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let path = Array("\(folder)/.s.PGSQL.\(port)".utf8CString)
        withUnsafeMutableBytes(of: &address.sun_path) { $0.copyBytes(from: path.map { UInt8(bitPattern: $0) }) }
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(listener, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        guard listener >= 0, bound == 0, listen(listener, 16) == 0 else { throw POSIXError(.EADDRINUSE) }
        let accepted = self.accepted
        Thread {
            while true {
                let connection = accept(listener, nil, nil)
                guard connection >= 0 else {
                    // Closed here, not in stop(): its number must not be reused while this
                    // thread may still call accept() on it.
                    close(listener)
                    return
                }
                accepted.value.withLock { $0 += 1 }
                Self.serve(connection, completesStartup: completesStartup, answeredStatements: answeredStatements)
                close(connection)
            }
        }.start()
    }

    func stop() {
        shutdown(listener, Int32(SHUT_RDWR))
        try? FileManager.default.removeItem(atPath: folder)
    }

    /// Reads the client's messages until it goes away, answering as configured.
    private static func serve(_ connection: Int32, completesStartup: Bool, answeredStatements: Int) {
        guard let length = readInt32(connection), readBytes(connection, Int(length) - 4) != nil else { return }
        if completesStartup {
            // AuthenticationOk, then ReadyForQuery (idle).
            send(connection, [UInt8(ascii: "R")] + int32(8) + int32(0) + [UInt8(ascii: "Z")] + int32(5) + [UInt8(ascii: "I")])
        }
        var answered = 0
        while let type = readBytes(connection, 1)?.first, let length = readInt32(connection), readBytes(connection, Int(length) - 4) != nil {
            // Each statement of libpq's extended protocol ends with Sync ("S").
            guard completesStartup, type == UInt8(ascii: "S"), answered < answeredStatements else { continue }
            answered += 1
            let tag = Array("OK".utf8) + [0]
            send(connection, [UInt8(ascii: "1")] + int32(4) + [UInt8(ascii: "2")] + int32(4) + [UInt8(ascii: "n")] + int32(4)
                 + [UInt8(ascii: "C")] + int32(Int32(4 + tag.count)) + tag + [UInt8(ascii: "Z")] + int32(5) + [UInt8(ascii: "T")])
        }
    }

    private static func int32(_ value: Int32) -> [UInt8] {
        withUnsafeBytes(of: value.bigEndian) { Array($0) }
    }

    private static func readInt32(_ connection: Int32) -> Int32? {
        guard let bytes = readBytes(connection, 4) else { return nil }
        return bytes.reduce(0) { $0 << 8 | Int32($1) }
    }

    private static func readBytes(_ connection: Int32, _ count: Int) -> [UInt8]? {
        guard count >= 0 else { return nil }
        var bytes = [UInt8](repeating: 0, count: count)
        var offset = 0
        while offset < count {
            let got = bytes.withUnsafeMutableBytes { read(connection, $0.baseAddress! + offset, count - offset) }
            guard got > 0 else { return nil }
            offset += got
        }
        return bytes
    }

    private static func send(_ connection: Int32, _ bytes: [UInt8]) {
        _ = bytes.withUnsafeBytes { write(connection, $0.baseAddress!, $0.count) }
    }
}
