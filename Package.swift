// swift-tools-version: 6.0
import PackageDescription
import Foundation

let strictSwift: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

let package = Package(
    name: "supportgate",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "supportgate", targets: ["supportgate"]),
        .library(name: "SupportGateCore", targets: ["SupportGateCore"]),
        // The production gate on a scratch spool for tests: harness, manual clock, in-memory
        // journal, recording notifier (as swift-service-lifecycle ships ServiceLifecycleTestKit).
        .library(name: "SupportGateTestKit", targets: ["SupportGateTestKit"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        // The forwarder's HTTPS client (contract §8); docs/development.md says why this one.
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
    ],
    targets: [
        // Pure building blocks: no I/O.
        .target(name: "StrictJSON", swiftSettings: strictSwift),
        .target(name: "TOMLDocument", swiftSettings: strictSwift),
        .target(name: "BusinessCalendar", swiftSettings: strictSwift),
        // libcrypto's SHA-256, as thin as it gets (it uses the CPU's SHA instructions).
        .systemLibrary(
            name: "CCrypto",
            pkgConfig: "libcrypto",
            providers: [.apt(["libssl-dev"])]
        ),
        // The decision core: draft -> decision, no I/O.
        .target(
            name: "SupportGateCore",
            dependencies: ["StrictJSON", "BusinessCalendar", "CCrypto"],
            swiftSettings: strictSwift
        ),
        // The tenant directory made from its JSON: the decoder, the customers read straight
        // from their bytes, the table's builder. Pure like the core, which holds the model
        // the rules read (Directory, Partner, Customer, CustomerTable); this builds it.
        .target(
            name: "SupportGateDirectory",
            dependencies: ["SupportGateCore", "StrictJSON", "BusinessCalendar"],
            swiftSettings: strictSwift
        ),
        // Reading the configuration file and the tenant directory from disk.
        .target(
            name: "SupportGateConfig",
            dependencies: ["SupportGateCore", "SupportGateDirectory", "SupportGateSpool", "SupportGateFiling", "TOMLDocument", "StrictJSON", "BusinessCalendar", "SystemCalls", "CLinuxShim"],
            swiftSettings: strictSwift
        ),
        // libsystemd, as thin as it gets: the journal and sd_notify.
        .systemLibrary(
            name: "CSystemd",
            pkgConfig: "libsystemd",
            providers: [.apt(["libsystemd-dev"])]
        ),
        // Linux calls Swift's Glibc module leaves out (renameat2, syncfs, leases).
        .target(name: "CLinuxShim"),
        // Every file and descriptor call: made again after EINTR, EBADF/EFAULT fatal, every
        // other failure an error with the call and its errno (Scripts/check-system-calls.sh).
        .target(name: "SystemCalls", dependencies: ["CLinuxShim"], swiftSettings: strictSwift),
        // What filing with Microsoft is made of (contract §8), pure: the filing record and its
        // JSON, states, credentials, endpoints, and the gateway protocol the forwarder files
        // through (MicrosoftAPI implements it over HTTPS; tests fake it).
        .target(name: "SupportGateFiling", dependencies: ["StrictJSON"], swiftSettings: strictSwift),
        // MicrosoftGateway over HTTPS: tokens for two tenants, the Azure Support API's PUT and
        // async operation, Partner Center's service requests, every failure classified, and
        // the rotated refresh tokens kept on disk. The flows run over `HTTPTransport`, so tests
        // script Microsoft; `AsyncHTTPClientTransport` is the real one.
        .target(
            name: "MicrosoftAPI",
            dependencies: [
                "SupportGateFiling", "StrictJSON", "SystemCalls",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ],
            swiftSettings: strictSwift
        ),
        // `supportgate forward`: files the gate's accepted Azure results with Microsoft exactly
        // once, fair across partners, and follows each ticket (contract §8). The gateway it files
        // through is a protocol (SupportGateFiling); the command plugs in the HTTPS client.
        .target(
            name: "SupportGateForward",
            dependencies: ["SupportGateFiling", "SupportGateSpool", "SupportGateConfig", "SupportGateSystemd", "SupportGateCore",
                           "StrictJSON", "BusinessCalendar", "SystemCalls", "CLinuxShim"],
            swiftSettings: strictSwift
        ),
        // Journal entries and service-manager notifications.
        .target(name: "SupportGateSystemd", dependencies: ["CSystemd", "SystemCalls"], swiftSettings: strictSwift),
        // The spool on disk: layout, claims, durable results.
        .target(
            name: "SupportGateSpool",
            dependencies: ["SupportGateCore", "StrictJSON", "CLinuxShim", "SystemCalls"],
            swiftSettings: strictSwift
        ),
        // Debian's SQLite, as thin as it gets: the incident ledger's embedded store.
        .systemLibrary(
            name: "CSQLite",
            pkgConfig: "sqlite3",
            providers: [.apt(["libsqlite3-dev"])]
        ),
        // Debian's libpq: the incident ledger shared by several gates.
        .systemLibrary(
            name: "CLibPQ",
            pkgConfig: "libpq",
            providers: [.apt(["libpq-dev"])]
        ),
        // The incident ledger: allowances that count down as accepted drafts use incidents (issue 12).
        .target(
            name: "SupportGateLedger",
            dependencies: ["CSQLite", "CLibPQ", "SystemCalls"],
            resources: [
                .embedInCode("SQL/sqlite-statements.sql"), .embedInCode("SQL/sqlite-migration-1.sql"), .embedInCode("SQL/sqlite-migration-2.sql"),
                .embedInCode("SQL/postgres-statements.sql"), .embedInCode("SQL/postgres-migration-3.sql"),
                .embedInCode("SQL/postgres-migration-4.sql"),
            ],
            swiftSettings: strictSwift
        ),
        // Where an accepted draft takes its id and consumes its incident: a batch's decisions
        // settled with the ledger, between the spool and the ledger.
        .target(
            name: "SupportGateCommit",
            dependencies: ["SupportGateCore", "SupportGateSpool", "SupportGateLedger", "StrictJSON", "BusinessCalendar", "SystemCalls"],
            swiftSettings: strictSwift
        ),
        // The long-running gate: the loop, signals, reload, journal and sd_notify.
        .target(
            name: "SupportGateDaemon",
            dependencies: [
                "SupportGateCore", "SupportGateConfig", "SupportGateSpool", "SupportGateLedger", "SupportGateCommit", "SupportGateSystemd",
                "StrictJSON", "BusinessCalendar", "CLinuxShim", "SystemCalls",
            ],
            swiftSettings: strictSwift
        ),
        // What tests drive the gate with: `PipelineHarness` (the daemon's own pipeline on a
        // scratch spool, turned by hand), `ManualClock`, `MemoryJournal`, `RecordingNotifier`.
        .target(
            name: "SupportGateTestKit",
            dependencies: ["SupportGateDaemon", "SupportGateSystemd", "SupportGateSpool", "SupportGateConfig", "SupportGateCommit", "SupportGateLedger", "SystemCalls",
                           "SupportGateCore", "BusinessCalendar"],
            swiftSettings: strictSwift
        ),
        .executableTarget(
            name: "supportgate",
            dependencies: [
                "SupportGateCore", "SupportGateConfig", "SupportGateSpool", "SupportGateLedger", "SupportGateDaemon", "SupportGateSystemd",
                "SupportGateForward", "MicrosoftAPI", "SupportGateFiling", "StrictJSON", "BusinessCalendar", "SystemCalls",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strictSwift
        ),
        // `swift run -c release supportgate-bench`: directory load, RSS, decision latency.
        .executableTarget(
            name: "supportgate-bench",
            dependencies: ["SupportGateCore", "SupportGateDirectory", "SupportGateConfig", "StrictJSON", "BusinessCalendar"],
            path: "Benchmarks/supportgate-bench",
            swiftSettings: strictSwift
        ),
        // The filesystem floor for one draft: read, write a result, rename, move the original.
        .executableTarget(
            name: "spool-floor",
            dependencies: ["CLinuxShim"],
            path: "Benchmarks/spool-floor",
            swiftSettings: strictSwift
        ),
        .testTarget(name: "StrictJSONTests", dependencies: ["StrictJSON"], swiftSettings: strictSwift),
        .testTarget(name: "TOMLDocumentTests", dependencies: ["TOMLDocument"], swiftSettings: strictSwift),
        .testTarget(name: "BusinessCalendarTests", dependencies: ["BusinessCalendar"], swiftSettings: strictSwift),
        .testTarget(
            name: "SupportGateCoreTests",
            dependencies: ["SupportGateCore", "SupportGateConfig", "SupportGateSpool", "StrictJSON", "BusinessCalendar", "TOMLDocument"],
            exclude: ["FuzzRegressions", "Golden"],
            swiftSettings: strictSwift
        ),
        .testTarget(
            name: "SupportGateConfigTests",
            dependencies: ["SupportGateConfig", "SupportGateDirectory", "SupportGateSpool", "SupportGateCore", "TOMLDocument", "StrictJSON", "BusinessCalendar"],
            swiftSettings: strictSwift
        ),
        .testTarget(
            name: "SupportGateDirectoryTests",
            dependencies: ["SupportGateDirectory", "SupportGateConfig", "SupportGateCore", "StrictJSON", "BusinessCalendar", "TOMLDocument"],
            swiftSettings: strictSwift
        ),
        .testTarget(
            name: "SupportGateSpoolTests",
            dependencies: ["SupportGateSpool", "SupportGateTestKit", "SupportGateCommit", "SupportGateLedger", "SupportGateConfig", "SupportGateCore", "StrictJSON", "BusinessCalendar", "CLinuxShim"],
            swiftSettings: strictSwift
        ),
        .testTarget(
            name: "SupportGateDaemonTests",
            dependencies: ["SupportGateDaemon", "SupportGateTestKit", "SupportGateSystemd", "SupportGateSpool", "SupportGateLedger", "SupportGateConfig",
                           "SupportGateCore", "StrictJSON", "BusinessCalendar"],
            swiftSettings: strictSwift
        ),
        .testTarget(name: "SupportGateLedgerTests", dependencies: ["SupportGateLedger"], swiftSettings: strictSwift),
        // The ledger's contract (§7), one suite run against SQLite and PostgreSQL: a scratch
        // spool whose batches LedgerCommit settles, as the daemon's are.
        .testTarget(
            name: "SupportGateCommitTests",
            dependencies: ["SupportGateCommit", "SupportGateTestKit", "SupportGateSpool", "SupportGateLedger", "SupportGateConfig", "SupportGateCore",
                           "StrictJSON", "BusinessCalendar"],
            swiftSettings: strictSwift
        ),
        .testTarget(name: "SupportGateFilingTests", dependencies: ["SupportGateFiling", "StrictJSON"], swiftSettings: strictSwift),
        // Scripted transports for every flow and failure; one real TLS exchange with a test CA.
        .testTarget(
            name: "MicrosoftAPITests",
            dependencies: [
                "MicrosoftAPI", "SupportGateFiling", "StrictJSON", "SystemCalls",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ],
            swiftSettings: strictSwift
        ),
        .testTarget(
            name: "SupportGateForwardTests",
            dependencies: ["SupportGateForward", "SupportGateFiling", "SupportGateSpool", "SupportGateConfig", "SupportGateSystemd", "SupportGateTestKit",
                           "SupportGateCore", "StrictJSON", "BusinessCalendar", "SystemCalls"],
            swiftSettings: strictSwift
        ),
        .testTarget(name: "SystemCallsTests", dependencies: ["SystemCalls"], swiftSettings: strictSwift),
        // Runs the built executable; depending on it makes `swift test` build it first. The
        // ledger: to lay down rows of a given age for `ledger prune`.
        .testTarget(name: "SupportGateCLITests", dependencies: ["supportgate", "SupportGateLedger", "SupportGateFiling"], swiftSettings: strictSwift),
    ],
    swiftLanguageModes: [.v6]
)

// libFuzzer target for the parser and the decide step. libFuzzer supplies the driver, so
// the target exists only in a fuzzing build: SUPPORTGATE_FUZZ=1 (Scripts/fuzz.sh), with
// -sanitize=fuzzer.
if ProcessInfo.processInfo.environment["SUPPORTGATE_FUZZ"] != nil {
    package.targets.append(.executableTarget(
        name: "supportgate-fuzz",
        dependencies: ["SupportGateCore", "SupportGateDirectory", "StrictJSON", "BusinessCalendar"],
        path: "Fuzz/supportgate-fuzz",
        swiftSettings: strictSwift + [.unsafeFlags(["-parse-as-library"])]
    ))
}
