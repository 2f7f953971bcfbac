// swift-tools-version: 6.0
import PackageDescription

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
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    ],
    targets: [
        // Pure building blocks: no I/O.
        .target(name: "StrictJSON", swiftSettings: strictSwift),
        .target(name: "TOMLDocument", swiftSettings: strictSwift),
        .target(name: "BusinessCalendar", swiftSettings: strictSwift),
        // The decision core: draft -> decision, no I/O.
        .target(
            name: "SupportGateCore",
            dependencies: ["StrictJSON", "BusinessCalendar"],
            swiftSettings: strictSwift
        ),
        // Reading the configuration file and the tenant directory from disk.
        .target(
            name: "SupportGateConfig",
            dependencies: ["SupportGateCore", "TOMLDocument", "StrictJSON", "BusinessCalendar"],
            swiftSettings: strictSwift
        ),
        // Draft files on disk; the spool itself comes with the daemon.
        .target(
            name: "SupportGateSpool",
            dependencies: ["SupportGateCore", "StrictJSON"],
            swiftSettings: strictSwift
        ),
        .executableTarget(
            name: "supportgate",
            dependencies: [
                "SupportGateCore", "SupportGateConfig", "SupportGateSpool", "StrictJSON", "BusinessCalendar",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strictSwift
        ),
        // `swift run -c release supportgate-bench`: directory load, RSS, decision latency.
        .executableTarget(
            name: "supportgate-bench",
            dependencies: ["SupportGateCore", "SupportGateConfig", "StrictJSON", "BusinessCalendar"],
            path: "Benchmarks/supportgate-bench",
            swiftSettings: strictSwift
        ),
        .testTarget(name: "StrictJSONTests", dependencies: ["StrictJSON"], swiftSettings: strictSwift),
        .testTarget(name: "TOMLDocumentTests", dependencies: ["TOMLDocument"], swiftSettings: strictSwift),
        .testTarget(name: "BusinessCalendarTests", dependencies: ["BusinessCalendar"], swiftSettings: strictSwift),
        .testTarget(
            name: "SupportGateCoreTests",
            dependencies: ["SupportGateCore", "SupportGateConfig", "SupportGateSpool", "StrictJSON", "BusinessCalendar", "TOMLDocument"],
            swiftSettings: strictSwift
        ),
        // Runs the built executable; depending on it makes `swift test` build it first.
        .testTarget(name: "SupportGateCLITests", dependencies: ["supportgate"], swiftSettings: strictSwift),
    ],
    swiftLanguageModes: [.v6]
)
