#if canImport(Glibc)
import Glibc
#endif
import SystemCalls
import Testing

@Suite("System calls")
struct SystemCallTests {
    @Test("a call interrupted by a signal is made again until it returns")
    func retriesEINTR() throws {
        var attempts = 0
        let value = try SystemCall.retrying("read") { () -> Int in
            attempts += 1
            if attempts < 3 {
                errno = EINTR
                return -1
            }
            return 5
        }
        #expect(value == 5)
        #expect(attempts == 3)
    }

    @Test("any other failure is an error naming the call and its errno; near miss: a result below -1 is not a failure")
    func otherFailuresThrow() {
        #expect(throws: SystemCallError(call: "close", errno: EBADF)) { try SystemCall.retrying("close") { close(-1) } }
        #expect(SystemCallError(call: "close", errno: EBADF).description == "close: Bad file descriptor")
        #expect((try? SystemCall.retrying("odd") { Int32(-2) }) == -2)
    }

    @Test("writeAll writes every byte and the reader gets them all; near miss: a closed descriptor is an error naming write")
    func writesEverything() throws {
        var ends: [Int32] = [0, 0]
        #expect(pipe(&ends) == 0)
        defer { close(ends[0]) }
        let bytes = (0..<20_000).map { UInt8(truncatingIfNeeded: $0) }
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        // A pipe holds 64 KiB, more than these bytes: the write completes before the read.
        try SystemCall.writeAll(ends[1], bytes)
        close(ends[1])
        while true {
            let count = try SystemCall.retrying("read") { buffer.withUnsafeMutableBytes { read(ends[0], $0.baseAddress!, $0.count) } }
            if count == 0 { break }
            received += buffer[0..<count]
        }
        #expect(received == bytes)
        #expect(throws: SystemCallError(call: "write", errno: EBADF)) { try SystemCall.writeAll(-1, [1, 2, 3]) }
    }
}
