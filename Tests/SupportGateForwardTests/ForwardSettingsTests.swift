import BusinessCalendar
import Foundation
import SupportGateConfig
import SupportGateFiling
import SupportGateForward
import Testing

/// `[forward]` (contract §8) and the credentials files.
@Suite("Forward settings and credentials")
struct ForwardSettingsTests {
    private func parse(_ text: String) -> Result<GateConfiguration, ConfigurationError> {
        ConfigurationParser.parse("directory = \"d.json\"\n" + text, file: "test.toml", baseDirectory: "/etc/supportgate")
    }

    @Test("the contract's example reads; empty since and caFile mean not set; endpoints default per cloud")
    func contractExample() throws {
        let configuration = try parse("""
            [forward]
            credentials = "/etc/supportgate/credentials"
            caFile = ""
            concurrency = 16
            perPartnerConcurrency = 4
            statusIntervalMinutes = 30
            since = ""

            [forward.endpoints.public]
            authority = "https://login.microsoftonline.com"
            azure = "https://management.azure.com"
            partnerCenter = "https://api.partnercenter.microsoft.com"
            """).get()
        #expect(configuration.forward.since == nil && configuration.forward.caFile == nil)
        #expect(configuration.forward.endpoints["usgov"] == MicrosoftEndpoints.defaults(cloud: "usgov"))
        #expect(configuration.forward.endpoints["public"] == MicrosoftEndpoints.defaults(cloud: "public"))
    }

    @Test("a double's endpoints and a since are taken; a relative caFile is resolved")
    func overrides() throws {
        let configuration = try parse("""
            [forward]
            caFile = "test-ca.pem"
            since = "2026-12-01T00:00:00Z"
            [forward.endpoints.public]
            azure = "https://127.0.0.1:8443/"
            """).get()
        #expect(configuration.forward.caFile == "/etc/supportgate/test-ca.pem")
        #expect(configuration.forward.endpoints.publicCloud.azure == "https://127.0.0.1:8443")
        #expect(configuration.forward.sinceTimestamp?.rfc3339 == "2026-12-01T00:00:00Z")
    }

    @Test("problems are located: a bad since, a bad URL, an unknown cloud, an unknown key")
    func problems() {
        guard case .failure(let error) = parse("""
            [forward]
            since = "yesterday"
            concurrency = 0
            [forward.endpoints.public]
            azure = "management.azure.com"
            [forward.endpoints.azurechina]
            azure = "https://management.chinacloudapi.cn"
            """) else {
            Issue.record("accepted")
            return
        }
        let keys = error.problems.compactMap(\.key)
        #expect(keys.contains("forward.since"))
        #expect(keys.contains("forward.concurrency"))
        #expect(keys.contains("forward.endpoints.public.azure"))
        #expect(keys.contains("forward.endpoints.azurechina"))
    }

    @Test("credentials: a file others may read is refused; a bad one is located; the others load")
    func credentials() throws {
        let fixture = try ForwardFixture()
        defer { fixture.remove() }
        let third = "7e570000-0000-4000-8000-000000000004"
        try fixture.credentials(for: ForwardFixture.fabrikam, mode: 0o640)
        try fixture.credentials(for: third, text: #"{"clientId": "x", "clientSecret": 7}"#)
        try "{}".write(toFile: "\(fixture.credentialsFolder)/not-a-tenant.json", atomically: false, encoding: .utf8)
        let loaded = CredentialsFolder(path: fixture.credentialsFolder, prefix: "", checkPrivacy: true).load()
        #expect(Array(loaded.partners.keys) == [ForwardFixture.contoso])
        #expect(loaded.partners[ForwardFixture.contoso]?.refreshToken?.reveal() == "\(ForwardFixture.canary)-rt")
        let messages = loaded.problems.map(\.description).joined(separator: "\n")
        #expect(messages.contains("\(ForwardFixture.fabrikam).json: others may read it"))
        #expect(messages.contains("\(third).json: /clientSecret is missing or not a string"))
        #expect(messages.contains("not-a-tenant.json: the name is not <partnerTenantId>.json"))
        #expect(!messages.contains(ForwardFixture.canary))
    }

    @Test("under systemd: $CREDENTIALS_DIRECTORY with the credential id's prefix, no mode check")
    func systemdCredentials() throws {
        let fixture = try ForwardFixture()
        defer { fixture.remove() }
        let folder = CredentialsFolder.locate(configured: "/nonexistent", environment: ["CREDENTIALS_DIRECTORY": fixture.credentialsFolder])
        #expect(folder.prefix == "credentials_" && !folder.checkPrivacy)
        try FileManager.default.moveItem(atPath: "\(fixture.credentialsFolder)/\(ForwardFixture.fabrikam).json",
                                         toPath: "\(fixture.credentialsFolder)/credentials_\(ForwardFixture.fabrikam).json")
        #expect(Array(folder.load().partners.keys) == [ForwardFixture.fabrikam])
    }
}
