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
}
