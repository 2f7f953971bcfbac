import Glibc
@testable import MicrosoftAPI
import SupportGateFiling
import SystemCalls
import Testing

@Suite struct FileRefreshTokenStoreTests {
    static func scratch() throws -> String {
        var template = Array("/tmp/supportgate-refresh-XXXXXX".utf8CString)
        let made = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }
        try #require(made != nil)
        return String(decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    static func mode(_ path: String) throws -> mode_t {
        try SystemCall.lstat(path).st_mode & 0o7777
    }

    static func names(_ directory: String) throws -> [String] {
        let stream = try DirectoryStream(path: directory)
        var names: [String] = []
        while let name = try stream.nextName() {
            if name != "." && name != ".." { names.append(name) }
        }
        return names.sorted()
    }

    @Test func aStoredTokenIsReadBackAndReplacedWhole() throws {
        let state = try Self.scratch() + "/forward"
        let store = FileRefreshTokenStore(directory: state)
        #expect(try store.current(partnerTenantId: Fixture.partner) == nil)  // no folder yet
        try store.store(Secret("first"), partnerTenantId: Fixture.partner)
        try store.store(Secret("second"), partnerTenantId: Fixture.partner)
        #expect(try store.current(partnerTenantId: Fixture.partner)?.reveal() == "second")
        #expect(try store.current(partnerTenantId: Fixture.customer) == nil)
        #expect(try Self.names(state) == ["\(Fixture.partner).refresh-token"])  // no temporary left
        #expect(try Self.mode(state) == 0o700)
        #expect(try Self.mode(state + "/\(Fixture.partner).refresh-token") == 0o600)
        // A second store on the same folder (the forwarder restarted) reads the newest.
        #expect(try FileRefreshTokenStore(directory: state).current(partnerTenantId: Fixture.partner.uppercased())?.reveal() == "second")
    }

    @Test func aTemporaryLeftByACrashIsNotTakenForTheToken() throws {
        let state = try Self.scratch()
        let store = FileRefreshTokenStore(directory: state)
        try store.store(Secret("whole"), partnerTenantId: Fixture.partner)
        let stray = state + "/.\(Fixture.partner).refresh-token.1.2.tmp"
        let descriptor = open(stray, O_WRONLY | O_CREAT | O_EXCL, 0o600)
        #expect(descriptor >= 0)
        #expect(write(descriptor, "half", 4) == 4)
        #expect(close(descriptor) == 0)
        #expect(try store.current(partnerTenantId: Fixture.partner)?.reveal() == "whole")
        try store.store(Secret("next"), partnerTenantId: Fixture.partner)
        #expect(try store.current(partnerTenantId: Fixture.partner)?.reveal() == "next")
    }

    @Test(arguments: ["../etc/passwd", "11111111-1111-4111-8111-11111111111", "11111111/1111-4111-8111-111111111111", "", ".refresh-token"])
    func aTenantIdThatIsNotAGUIDIsNoFileName(tenant: String) throws {
        let state = try Self.scratch()
        let store = FileRefreshTokenStore(directory: state)
        #expect(throws: RefreshTokenStoreError.self) { try store.store(Secret("x"), partnerTenantId: tenant) }
        #expect(throws: RefreshTokenStoreError.self) { _ = try store.current(partnerTenantId: tenant) }
        #expect(try Self.names(state).isEmpty)
    }

    @Test func aFolderOthersMayWriteIsRefused() throws {
        let state = try Self.scratch()
        #expect(chmod(state, 0o777) == 0)
        #expect(throws: RefreshTokenStoreError.self) { try FileRefreshTokenStore(directory: state).store(Secret("x"), partnerTenantId: Fixture.partner) }
        #expect(chmod(state, 0o700) == 0)  // near miss
        try FileRefreshTokenStore(directory: state).store(Secret("x"), partnerTenantId: Fixture.partner)
    }

    @Test func aSymlinkInPlaceOfTheTokenIsNotFollowed() throws {
        let state = try Self.scratch()
        #expect(symlink("/etc/hostname", state + "/\(Fixture.partner).refresh-token") == 0)
        #expect(throws: RefreshTokenStoreError.self) { _ = try FileRefreshTokenStore(directory: state).current(partnerTenantId: Fixture.partner) }
    }
}
