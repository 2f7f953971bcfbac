import Foundation
@testable import SupportGateLedger
import Testing

/// The two databases the contract suite runs against: SQLite always, PostgreSQL when
/// SUPPORTGATE_TEST_POSTGRES_URL names a server (Scripts/test.sh starts a throwaway one).
/// Every test gets a ledger of its own: a new file, or a new database on the server.
enum LedgerKind: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case sqlite
    case postgres

    static let postgresURL = ProcessInfo.processInfo.environment["SUPPORTGATE_TEST_POSTGRES_URL"]

    /// The kinds this run can test.
    static let available: [LedgerKind] = postgresURL == nil ? [.sqlite] : [.sqlite, .postgres]

    var testDescription: String { rawValue }

    /// A new, empty ledger of this kind, and where it is: open more connections to it
    /// with `LedgerLocation.open`.
    func fresh(in folder: String) throws -> LedgerLocation {
        switch self {
        case .sqlite:
            return LedgerLocation(path: "\(folder)/ledger.sqlite", url: nil)
        case .postgres:
            let server = try #require(Self.postgresURL)
            let name = "sg_\(UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased())"
            _ = try PostgresConnection(url: server).query("CREATE DATABASE \(name)")
            return LedgerLocation(path: "\(folder)/unused.sqlite", url: Self.withDatabase(name, in: server))
        }
    }

    /// Drops a database `fresh` made; a file goes with its folder.
    static func discard(_ location: LedgerLocation) {
        guard let server = postgresURL, let url = location.url, let name = databaseName(url) else { return }
        _ = try? PostgresConnection(url: server).query("DROP DATABASE IF EXISTS \(name) WITH (FORCE)")
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
        return String(url[url.index(after: slash)...].prefix { $0 != "?" })
    }
}
