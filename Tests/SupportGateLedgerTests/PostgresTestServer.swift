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

    /// A new, empty schema in the test database, for a test whose statements reach past its
    /// own partners (prune): the URL that puts the ledger's tables there. Dropped by `drop`.
    static func freshSchema() throws -> String {
        let name = "sg_\(UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased())"
        _ = try PostgresConnection(url: url!).query("CREATE SCHEMA \(name)")
        return url! + (url!.contains("?") ? "&" : "?") + "options=-csearch_path%3D\(name)"
    }

    static func drop(_ databaseURL: String) {
        if let range = databaseURL.range(of: "options=-csearch_path%3D") {
            let schema = databaseURL[range.upperBound...].prefix { $0 != "&" }
            _ = try? PostgresConnection(url: url!).query("DROP SCHEMA IF EXISTS \(schema) CASCADE")
            return
        }
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
