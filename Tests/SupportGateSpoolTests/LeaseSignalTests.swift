import CLinuxShim
import Foundation
#if canImport(Glibc)
import Glibc
#endif
import Testing

/// The still-being-written check takes a read lease for a moment. Whoever opens the file
/// for writing in that moment breaks the lease, and the kernel sends the lease holder (the
/// gate) SIGIO, whose default action ends the process: the probe must have made it harmless.
@Suite("The lease probe's signal")
struct LeaseSignalTests {
    /// F_SETLEASE (F_LINUX_SPECIFIC_BASE + 0): not exported by Swift's Glibc module.
    private static let setLease: Int32 = 1024

    @Test("after a probe SIGIO is ignored process-wide, and a lease broken by a writer's open does not end the process")
    func brokenLeaseIsHarmless() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("sg-lease-\(UUID().uuidString)").path
        try Data("{}".utf8).write(to: URL(fileURLWithPath: path))
        defer { unlink(path) }
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        try #require(descriptor >= 0)
        defer { close(descriptor) }
        #expect(sg_probe_no_writers(descriptor) == 0, "no one has it open for writing")

        var current = sigaction()
        sigaction(SIGIO, nil, &current)
        // SIG_IGN is the handler value 1.
        #expect(unsafeBitCast(current.__sigaction_handler.sa_handler, to: Int.self) == 1, "the probe set SIGIO to be ignored")

        // The race a submitter wins now and then, made certain: the lease is held while
        // someone opens the file for writing. O_NONBLOCK: the open fails at once (EWOULDBLOCK)
        // instead of waiting out the lease, but the kernel has sent the break signal by then.
        try #require(fcntl(descriptor, Self.setLease, Int32(F_RDLCK)) == 0, "a read lease (as root or the owner)")
        let writer = open(path, O_WRONLY | O_NONBLOCK | O_CLOEXEC)
        let code = errno
        if writer >= 0 { close(writer) }
        #expect(writer < 0 && code == EWOULDBLOCK, "the open broke the lease")
        // Time for a default SIGIO to be delivered: it would end this test process here.
        usleep(100_000)
        #expect(fcntl(descriptor, Self.setLease, Int32(F_UNLCK)) == 0)
        #expect(sg_probe_no_writers(descriptor) == 0, "the probe works on after the break")
    }

    @Test("a file open for writing is reported busy (EAGAIN), and one closed again is not")
    func writerIsSeen() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("sg-lease-\(UUID().uuidString)").path
        try Data("{}".utf8).write(to: URL(fileURLWithPath: path))
        defer { unlink(path) }
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        try #require(descriptor >= 0)
        defer { close(descriptor) }
        let writer = open(path, O_WRONLY | O_CLOEXEC)
        try #require(writer >= 0)
        #expect(sg_probe_no_writers(descriptor) == -1 && errno == EAGAIN)
        close(writer)
        #expect(sg_probe_no_writers(descriptor) == 0)
    }
}
