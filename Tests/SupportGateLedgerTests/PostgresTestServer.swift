import Foundation
@testable import SupportGateLedger

enum PostgresTestServer {
    static let url = ProcessInfo.processInfo.environment["SUPPORTGATE_TEST_POSTGRES_URL"]

    /// A new, empty database on the test server, for a test that needs a schema of its own
    /// (migrations): its URL. Dropped by `drop`.
    static func freshDatabase() throws -> String {
        let name = "sg_\(UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased())"
        _ = try PostgresConnection(url: url!).query("CREATE DATABASE \(name)")
        return withDatabase(name, in: url!)
    }

    static func drop(_ databaseURL: String) {
        guard let name = databaseName(databaseURL) else { return }
        _ = try? PostgresConnection(url: url!).query("DROP DATABASE IF EXISTS \(name) WITH (FORCE)")
    }

    /// `postgresql://host/NAME?…` with another NAME.
    static func withDatabase(_ name: String, in url: String) -> String {
        let scheme = url.range(of: "://")!.upperBound
        let pathStart = url[scheme...].firstIndex(of: "/") ?? url.endIndex
        let pathEnd = url[pathStart...].firstIndex(of: "?") ?? url.endIndex
        return String(url[..<pathStart]) + "/" + name + String(url[pathEnd...])
    }

    private static func databaseName(_ url: String) -> String? {
        guard let scheme = url.range(of: "://")?.upperBound, let slash = url[scheme...].firstIndex(of: "/") else { return nil }
        let rest = url[url.index(after: slash)...]
        return String(rest.prefix { $0 != "?" })
    }
}
