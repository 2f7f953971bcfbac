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
        #expect(throws: SystemCallError(call: "open", errno: ENOENT)) { try SystemCall.open("/nonexistent/supportgate", O_RDONLY) }
        #expect(SystemCallError(call: "close", errno: EBADF).description == "close: Bad file descriptor")
        #expect(SystemCallError(call: "write", errno: ENOSPC).errnoName == "ENOSPC")
        #expect((try? SystemCall.retrying("odd") { Int32(-2) }) == -2)
    }

    @Test("EBADF and EFAULT are programming errors that stop the process; near miss: EBADF on a standard stream, ENOSPC, EACCES are reported")
    func classifiesProgrammingErrors() {
        #expect(SystemCallFailure(errno: EBADF, standardStream: false) == .programmingError)
        #expect(SystemCallFailure(errno: EFAULT, standardStream: false) == .programmingError)
        #expect(SystemCallFailure(errno: EFAULT, standardStream: true) == .programmingError)
        #expect(SystemCallFailure(errno: EINTR, standardStream: false) == .interrupted)
        #expect(SystemCallFailure(errno: EBADF, standardStream: true) == .reported)
        #expect(SystemCallFailure(errno: ENOSPC, standardStream: false) == .reported)
        #expect(SystemCallFailure(errno: EACCES, standardStream: false) == .reported)
        #expect(SystemCallFailure(errno: EAGAIN, standardStream: false) == .reported)
    }

    @Test("a descriptor the process does not hold stops it (EBADF), whatever the caller catches; near miss: a closed standard input is reported")
    func badDescriptorStops() async throws {
        await #expect(processExitsWith: .failure) { _ = try? SystemCall.fstat(-1) }
        await #expect(processExitsWith: .failure) { try? SystemCall.close(9_999) }
        await #expect(processExitsWith: .success) {
            try? SystemCall.close(STDIN_FILENO)
            let read = Result { () throws(SystemCallError) in try SystemCall.readAll(STDIN_FILENO, limit: 10) }
            guard case .failure(let error) = read, error.errno == EBADF else { exit(1) }
        }
    }

    @Test("writeAll writes every byte and the reader gets them all; near miss: a full device is an error naming write")
    func writesEverything() throws {
        let (reader, writer) = try pipeEnds()
        defer { try? SystemCall.close(reader) }
        let bytes = (0..<20_000).map { UInt8(truncatingIfNeeded: $0) }
        // A pipe holds 64 KiB, more than these bytes: the write completes before the read.
        try SystemCall.writeAll(writer, bytes)
        try SystemCall.close(writer)
        #expect(try SystemCall.readAll(reader, limit: 1 << 20) == BoundedRead(bytes: bytes, end: .endOfFile))
        let full = try SystemCall.open("/dev/full", O_WRONLY | O_CLOEXEC)
        defer { try? SystemCall.close(full) }
        #expect(throws: SystemCallError(call: "write", errno: ENOSPC)) { try SystemCall.writeAll(full, [1, 2, 3]) }
    }

    @Test("readAll tells the end of the file from the limit: exactly the limit is the whole file, one byte more is over it")
    func readAllBounded() throws {
        for (size, limit, end) in [(0, 0, BoundedRead.End.endOfFile), (100, 100, .endOfFile), (101, 100, .limitReached),
                                   (200_000, 200_000, .endOfFile), (200_001, 200_000, .limitReached), (5, 0, .limitReached)] {
            let bytes = (0..<size).map { UInt8(truncatingIfNeeded: $0 &* 7) }
            let path = try temporaryFile(bytes)
            defer { try? SystemCall.unlink(path) }
            let reader = try SystemCall.open(path, O_RDONLY | O_CLOEXEC)
            let read = try SystemCall.readAll(reader, limit: limit, expectedSize: size / 2)
            try SystemCall.close(reader)
            #expect(read.end == end, "size \(size), limit \(limit)")
            #expect(read.bytes == Array(bytes.prefix(limit)), "size \(size), limit \(limit)")
        }
    }

    @Test("a failed read throws rather than pass for the end of the file; near miss: EAGAIN on an empty pipe without blocking is thrown too")
    func readAllThrows() throws {
        let directory = try SystemCall.open("/", O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        defer { try? SystemCall.close(directory) }
        #expect(throws: SystemCallError(call: "read", errno: EISDIR)) { try SystemCall.readAll(directory, limit: 10) }
        let (reader, writer) = try pipeEnds()
        defer { for end in [reader, writer] { try? SystemCall.close(end) } }
        try SystemCall.retrying("fcntl") { fcntl(reader, F_SETFL, O_NONBLOCK) }
        #expect(throws: SystemCallError(call: "read", errno: EAGAIN)) { try SystemCall.readAll(reader, limit: 10) }
    }

    @Test("close reports nothing for a descriptor it closed; the descriptor is then free (a second close would be a programming error, not retried)")
    func closeOnce() throws {
        let (reader, writer) = try pipeEnds()
        try SystemCall.close(writer)
        try SystemCall.close(reader)
        #expect(fcntl(reader, F_GETFD) == -1 && errno == EBADF)
    }

    @Test("a directory stream lists every entry but . and ..; near miss: opening a missing folder throws, naming opendir")
    func directoryStream() throws {
        let stream = try DirectoryStream(path: "/proc/self/fd")
        var names: [String] = []
        while let name = try stream.nextName() { names.append(name) }
        #expect(names.contains("0") && !names.contains(".") && !names.contains(".."))
        #expect(throws: SystemCallError(call: "opendir", errno: ENOENT)) { try DirectoryStream(path: "/nonexistent/supportgate") }
    }

    private func pipeEnds() throws -> (reader: Int32, writer: Int32) {
        var ends: [Int32] = [0, 0]
        try SystemCall.retrying("pipe") { pipe(&ends) }
        return (ends[0], ends[1])
    }

    private func temporaryFile(_ bytes: [UInt8]) throws -> String {
        var template = Array("/tmp/supportgate-readall-XXXXXX".utf8CString)
        let descriptor = try SystemCall.retrying("mkstemp") { mkstemp(&template) }
        try SystemCall.writeAll(descriptor, bytes)
        try SystemCall.close(descriptor)
        return String(decoding: template.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
