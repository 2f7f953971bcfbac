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
    /// with `LedgerLocation.open`. On PostgreSQL, a schema of its own in the test database
    /// (the ledger's tables are unqualified, so `search_path` puts them there): as new as a
    /// database of its own, without CREATE DATABASE's second per test.
    func fresh(in folder: String) throws -> LedgerLocation {
        switch self {
        case .sqlite:
            return LedgerLocation(path: "\(folder)/ledger.sqlite", url: nil)
        case .postgres:
            let server = try #require(Self.postgresURL)
            let schema = "sg_\(UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased())"
            _ = try PostgresConnection(url: server).query("CREATE SCHEMA \(schema)")
            return LedgerLocation(path: "\(folder)/unused.sqlite", url: server + (server.contains("?") ? "&" : "?") + "options=-csearch_path%3D\(schema)")
        }
    }

    /// Drops the schema `fresh` made; a file goes with its folder.
    static func discard(_ location: LedgerLocation) {
        guard let server = postgresURL, let url = location.url, let range = url.range(of: "options=-csearch_path%3D") else { return }
        let schema = url[range.upperBound...].prefix { $0 != "&" }
        _ = try? PostgresConnection(url: server).query("DROP SCHEMA IF EXISTS \(schema) CASCADE")
    }
}
