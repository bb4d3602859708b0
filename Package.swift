// swift-tools-version:6.2
import PackageDescription

let strictSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny")
]

let package = Package(
    name: "sso-self-healing",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "sso-self-healing", targets: ["sso-self-healing"]),
        .library(name: "SSOHealingCore", targets: ["SSOHealingCore"]),
        .executable(name: "sso-self-healing-demo", targets: ["sso-self-healing-demo"]),
        .library(name: "SSOHealingHTTP", targets: ["SSOHealingHTTP"]),
        .library(name: "SSOHealingCLI", targets: ["SSOHealingCLI"]),
        .library(name: "SSOHealingBuiltIns", targets: ["SSOHealingBuiltIns"]),
        .library(name: "SSOHealingTestKit", targets: ["SSOHealingTestKit"]),
        .library(name: "SSOHealingNotifierConformance", targets: ["SSOHealingNotifierConformance"]),
        .library(name: "SSOHealingAWSFakes", targets: ["SSOHealingAWSFakes"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.6.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.6.0"),
        // `swift package generate-documentation` (scripts/docs): builds the DocC catalog of SSOHealingCore.
        .package(url: "https://github.com/swiftlang/swift-docc-plugin", from: "1.5.0"),
    ],
    targets: [
        // libcurl's headers (Debian: libcurl4-openssl-dev); the library itself is loaded on first use.
        .target(name: "CCurl", linkerSettings: [.linkedLibrary("dl", .when(platforms: [.linux]))]),
        .target(name: "CSignalPipe"),
        .target(
            name: "SSOHealingCore",
            dependencies: [
                "CSignalPipe",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSettings
        ),
        // HTTP over libcurl (the client, its transport protocol, the heartbeat pinger and the one
        // mapping of HTTP outcomes to delivery results): only what speaks HTTP depends on it, so
        // the core and a notifier that runs a program need no libcurl headers.
        .target(
            name: "SSOHealingHTTP",
            dependencies: ["CCurl", "SSOHealingCore", .product(name: "Logging", package: "swift-log")],
            swiftSettings: strictSettings
        ),
        .target(
            name: "SSOHealingCLI",
            dependencies: [
                "SSOHealingCore",
                "SSOHealingHTTP",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                "SSOHealingAWSSSO",
            ],
            swiftSettings: strictSettings
        ),
        // The probe kinds and notifier types that ship, registered by name; linked by the
        // executable (and by custom builds such as Examples/ntfy-notifier).
        .target(
            name: "SSOHealingBuiltIns",
            dependencies: [
                "SSOHealingCLI",
                "SSOHealingCore",
                "SSOHealingCommandProbe",
                "SSOHealingExecNotifier",
                "SSOHealingConsoleNotifier",
                "SSOHealingTelegramNotifier",
                "SSOHealingSlackNotifier",
                "SSOHealingAWSSSO",
                "SSOHealingWebhookNotifier",
                "SSOHealingSendmailNotifier",
                "SSOHealingNotifySendNotifier",
                "SSOHealingAlertmanagerNotifier",
                "SSOHealingPagerDutyNotifier",
                "SSOHealingTeamsNotifier",
                "SSOHealingAppriseNotifier",
            ],
            swiftSettings: strictSettings
        ),
        // `demo` and `simulate-aws`: the product on simulated AWS endpoints, apart from the
        // binary users install, so that one carries no fake.
        .executableTarget(
            name: "sso-self-healing-demo",
            dependencies: [
                "SSOHealingCLI", "SSOHealingBuiltIns", "SSOHealingCore", "SSOHealingAWSFakes", "SSOHealingHTTP",
                "SSOHealingTestKit",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strictSettings
        ),
        // The program with a wall clock the tests pin (SSO_SELF_HEALING_TEST_NOW): for the tests
        // only, never installed; the product binary has no such variable.
        .executableTarget(
            name: "sso-self-healing-testbed",
            dependencies: [
                "SSOHealingCLI", "SSOHealingBuiltIns", "SSOHealingCore",
                .target(name: "SSOHealingExecutor", condition: .when(platforms: [.linux])),
            ],
            path: "Tests/Testbed",
            swiftSettings: strictSettings
        ),
        // The pooled global executor: the one target that reaches into the runtime's private hooks
        // and experimental SPI (see GlobalExecutor). Linux only; linked by the executable alone.
        .target(name: "CConcurrencyHooks"),
        .target(
            name: "SSOHealingExecutor",
            dependencies: ["CConcurrencyHooks", "SSOHealingCore"],
            swiftSettings: strictSettings
        ),
        .executableTarget(
            name: "sso-self-healing",
            dependencies: [
                "SSOHealingCLI", "SSOHealingBuiltIns", "SSOHealingCore",
                .target(name: "SSOHealingExecutor", condition: .when(platforms: [.linux])),
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "SSOHealingExecutorTests",
            dependencies: ["SSOHealingExecutor", "SSOHealingCore", "SSOHealingTestKit"],
            swiftSettings: strictSettings
        ),
        .target(
            name: "SSOHealingTestKit",
            dependencies: ["SSOHealingCore", "SSOHealingHTTP"],
            swiftSettings: strictSettings
        ),
        .target(
            name: "SSOHealingAWSSSO",
            dependencies: ["SSOHealingCore", "SSOHealingHTTP", .product(name: "Logging", package: "swift-log")],
            swiftSettings: strictSettings
        ),
        .target(
            name: "SSOHealingAWSFakes",
            dependencies: ["SSOHealingCore", "SSOHealingHTTP", "SSOHealingTestKit"],
            swiftSettings: strictSettings
        ),
        .target(
            name: "SSOHealingCommandProbe",
            dependencies: ["SSOHealingCore"],
            swiftSettings: strictSettings
        ),
        .target(
            name: "SSOHealingExecNotifier",
            dependencies: ["SSOHealingCore"],
            swiftSettings: strictSettings
        ),
        .target(
            name: "SSOHealingConsoleNotifier",
            dependencies: ["SSOHealingCore"],
            swiftSettings: strictSettings
        ),
        .target(
            name: "SSOHealingTelegramNotifier",
            dependencies: ["SSOHealingCore", "SSOHealingHTTP", .product(name: "Logging", package: "swift-log")],
            swiftSettings: strictSettings
        ),
        .target(
            name: "SSOHealingSlackNotifier",
            dependencies: ["SSOHealingCore", "SSOHealingHTTP", .product(name: "Logging", package: "swift-log")],
            swiftSettings: strictSettings
        ),
        .target(
            name: "SSOHealingNotifierConformance",
            dependencies: [
                "SSOHealingCore",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "InMemoryLogging", package: "swift-log"),
            ],
            swiftSettings: strictSettings
        ),
        .target(
            name: "SSOHealingWebhookNotifier",
            dependencies: ["SSOHealingCore", "SSOHealingHTTP"],
            swiftSettings: strictSettings
        ),
        .target(
            name: "SSOHealingSendmailNotifier",
            dependencies: ["SSOHealingCore"],
            swiftSettings: strictSettings
        ),
        .target(
            name: "SSOHealingNotifySendNotifier",
            dependencies: ["SSOHealingCore"],
            swiftSettings: strictSettings
        ),
        // Runs the `apprise` command-line tool (pip install apprise): no HTTP of its own.
        .target(
            name: "SSOHealingAppriseNotifier",
            dependencies: ["SSOHealingCore"],
            swiftSettings: strictSettings
        ),
        .target(
            name: "SSOHealingAlertmanagerNotifier",
            dependencies: ["SSOHealingCore", "SSOHealingHTTP", .product(name: "Logging", package: "swift-log")],
            swiftSettings: strictSettings
        ),
        .target(
            name: "SSOHealingPagerDutyNotifier",
            dependencies: ["SSOHealingCore", "SSOHealingHTTP", .product(name: "Logging", package: "swift-log")],
            swiftSettings: strictSettings
        ),
        .target(
            name: "SSOHealingTeamsNotifier",
            dependencies: ["SSOHealingCore", "SSOHealingHTTP", .product(name: "Logging", package: "swift-log")],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "SSOHealingPagerDutyNotifierTests",
            dependencies: [
                "SSOHealingPagerDutyNotifier", "SSOHealingCore", "SSOHealingHTTP", "SSOHealingTestKit",
                "SSOHealingNotifierConformance",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "InMemoryLogging", package: "swift-log"),
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "SSOHealingTeamsNotifierTests",
            dependencies: [
                "SSOHealingTeamsNotifier", "SSOHealingCore", "SSOHealingHTTP", "SSOHealingTestKit",
                "SSOHealingNotifierConformance",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "InMemoryLogging", package: "swift-log"),
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "SSOHealingAlertmanagerNotifierTests",
            dependencies: [
                "SSOHealingAlertmanagerNotifier", "SSOHealingCore", "SSOHealingHTTP", "SSOHealingTestKit",
                "SSOHealingNotifierConformance",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "InMemoryLogging", package: "swift-log"),
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "SSOHealingWebhookNotifierTests",
            dependencies: [
                "SSOHealingWebhookNotifier", "SSOHealingCore", "SSOHealingHTTP", "SSOHealingTestKit",
                "SSOHealingNotifierConformance",
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "SSOHealingSendmailNotifierTests",
            dependencies: [
                "SSOHealingSendmailNotifier", "SSOHealingCore", "SSOHealingTestKit", "SSOHealingNotifierConformance",
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "SSOHealingAppriseNotifierTests",
            dependencies: [
                "SSOHealingAppriseNotifier", "SSOHealingCore", "SSOHealingTestKit", "SSOHealingNotifierConformance",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "SSOHealingNotifySendNotifierTests",
            dependencies: [
                "SSOHealingNotifySendNotifier", "SSOHealingCore", "SSOHealingTestKit", "SSOHealingNotifierConformance",
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "SSOHealingNotifierConformanceTests",
            dependencies: [
                "SSOHealingNotifierConformance", "SSOHealingCore", "SSOHealingExecNotifier", "SSOHealingTestKit",
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "SSOHealingCoreTests",
            dependencies: [
                "SSOHealingCore", "SSOHealingTestKit", .product(name: "InMemoryLogging", package: "swift-log"),
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "SSOHealingHTTPTests",
            dependencies: [
                "SSOHealingHTTP", "SSOHealingCore", "SSOHealingTestKit", "SSOHealingNotifierConformance",
                // The one table of HTTP outcomes runs through every HTTP channel.
                "SSOHealingWebhookNotifier", "SSOHealingSlackNotifier", "SSOHealingTelegramNotifier",
                "SSOHealingAlertmanagerNotifier", "SSOHealingPagerDutyNotifier", "SSOHealingTeamsNotifier",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "InMemoryLogging", package: "swift-log"),
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "SSOHealingCLITests",
            dependencies: ["SSOHealingCLI", "SSOHealingBuiltIns", "SSOHealingCore", "SSOHealingHTTP", "SSOHealingTestKit"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "SSOHealingAWSSSOTests",
            dependencies: [
                "SSOHealingAWSSSO", "SSOHealingAWSFakes", "SSOHealingCore", "SSOHealingHTTP", "SSOHealingTestKit",
                .product(name: "InMemoryLogging", package: "swift-log"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "SSOHealingCommandProbeTests",
            dependencies: ["SSOHealingCommandProbe", "SSOHealingCore", "SSOHealingTestKit"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "SSOHealingExecNotifierTests",
            dependencies: [
                "SSOHealingExecNotifier", "SSOHealingCore", "SSOHealingTestKit", "SSOHealingNotifierConformance",
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "SSOHealingConsoleNotifierTests",
            dependencies: ["SSOHealingConsoleNotifier", "SSOHealingCore", "SSOHealingTestKit"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "SSOHealingTelegramNotifierTests",
            dependencies: [
                "SSOHealingTelegramNotifier", "SSOHealingCore", "SSOHealingHTTP", "SSOHealingTestKit",
                "SSOHealingNotifierConformance",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "InMemoryLogging", package: "swift-log"),
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "SSOHealingSlackNotifierTests",
            dependencies: [
                "SSOHealingSlackNotifier", "SSOHealingCore", "SSOHealingHTTP", "SSOHealingTestKit",
                "SSOHealingNotifierConformance",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "InMemoryLogging", package: "swift-log"),
            ],
            swiftSettings: strictSettings
        ),
    ],
    swiftLanguageModes: [.v6]
)
