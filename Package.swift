// swift-tools-version:6.2
import PackageDescription

#if canImport(Glibc)
import Glibc
#endif

/// How the release executable is linked on Linux, for a small resident footprint (README,
/// "Performance"):
/// - with lld, which places first the sections holding the functions listed in
///   `hot-functions.order` (those that run; `./scripts/profile-layout` regenerates it), so a
///   process touches fewer, contiguous pages of the 40 MB binary;
/// - with packed relative relocations (DT_RELR), so start-up does not read a megabyte of
///   relocation entries; they need glibc 2.36 or newer where the binary runs, so they are used
///   only when the glibc building it is that new;
/// - without an exported symbol table;
/// - with libstdc++, which the Swift runtime needs, linked in statically where its archive is
///   installed (`static-libstdc++/libstdc++.so` is a linker script that points at it).
/// A toolchain without lld (Swift.org's ship it) links the release build as any other.
let releaseLayout: [LinkerSetting] = {
    guard lldIsOnPath else { return [] }
    var flags = [
        "-use-ld=lld",
        "-Xlinker", "--symbol-ordering-file=\(Context.packageDirectory)/Sources/sso-self-healing/hot-functions.order",
        "-Xlinker", "--no-warn-symbol-ordering",
        // Nothing looks the executable's own symbols up at run time; exporting them (the static
        // stdlib's default) adds 700 KB of symbol tables that every library lookup pages in.
        "-Xlinker", "--no-export-dynamic",
    ]
    if glibcSupportsPackedRelocations {
        flags += ["-Xlinker", "-z", "-Xlinker", "pack-relative-relocs"]
    }
    if staticLibstdcxxIsInstalled {
        flags += ["-L", "\(Context.packageDirectory)/Sources/sso-self-healing/static-libstdc++"]
    }
    return [.unsafeFlags(flags, .when(platforms: [.linux], configuration: .release))]
}()

var lldIsOnPath: Bool {
    #if canImport(Glibc)
    guard let path = getenv("PATH") else { return false }
    return String(cString: path).split(separator: ":").contains { access("\($0)/ld.lld", X_OK) == 0 }
    #else
    return false
    #endif
}

/// Whether GCC's static libstdc++ is installed (Debian and Ubuntu: libstdc++-NN-dev; Fedora:
/// libstdc++-static).
var staticLibstdcxxIsInstalled: Bool {
    #if canImport(Glibc)
    var matches = glob_t()
    defer { globfree(&matches) }
    return glob("/usr/lib/gcc/*/*/libstdc++.a", 0, nil, &matches) == 0 && matches.gl_pathc > 0
    #else
    return false
    #endif
}

var glibcSupportsPackedRelocations: Bool {
    #if canImport(Glibc)
    // "glibc 2.36"
    var text = [CChar](repeating: 0, count: 64)
    guard confstr(Int32(_CS_GNU_LIBC_VERSION), &text, text.count) > 0 else { return false }
    let words = String(decoding: text.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        .split(separator: " ")
    guard words.count == 2, words[0] == "glibc" else { return false }
    let version = words[1].split(separator: ".").compactMap { Int($0) }
    return version.count >= 2 && (version[0], version[1]) >= (2, 36)
    #else
    return false
    #endif
}

let strictSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny")
]

let package = Package(
    name: "sso-self-healing",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "sso-self-healing", targets: ["sso-self-healing"]),
        .library(name: "SSOHealingCore", targets: ["SSOHealingCore"]),
        .library(name: "SSOHealingCLI", targets: ["SSOHealingCLI"]),
        .library(name: "SSOHealingTestKit", targets: ["SSOHealingTestKit"]),
        .library(name: "SSOHealingNotifierConformance", targets: ["SSOHealingNotifierConformance"]),
        .library(name: "SSOHealingAWSFakes", targets: ["SSOHealingAWSFakes"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.6.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.6.0"),
    ],
    targets: [
        // libcurl's headers (Debian: libcurl4-openssl-dev); the library itself is loaded on first use.
        .target(name: "CCurl", linkerSettings: [.linkedLibrary("dl", .when(platforms: [.linux]))]),
        .target(name: "CConcurrencyHooks"),
        .target(name: "CSignalPipe"),
        .target(
            name: "SSOHealingCore",
            dependencies: [
                "CCurl",
                "CConcurrencyHooks",
                "CSignalPipe",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSettings
        ),
        .target(
            name: "SSOHealingCLI",
            dependencies: [
                "SSOHealingCore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                "SSOHealingCommandProbe",
                "SSOHealingExecNotifier",
                "SSOHealingConsoleNotifier",
                "SSOHealingTelegramNotifier",
                "SSOHealingSlackNotifier",
                "SSOHealingAWSSSO",
                "SSOHealingAWSFakes",
                "SSOHealingWebhookNotifier",
                "SSOHealingSendmailNotifier",
                "SSOHealingNotifySendNotifier",
                "SSOHealingAlertmanagerNotifier",
            ],
            swiftSettings: strictSettings
        ),
        .executableTarget(
            name: "sso-self-healing",
            dependencies: ["SSOHealingCLI", "SSOHealingCore"],
            exclude: ["hot-functions.order", "static-libstdc++"],
            swiftSettings: strictSettings,
            linkerSettings: releaseLayout
        ),
        .target(
            name: "SSOHealingTestKit",
            dependencies: ["SSOHealingCore"],
            swiftSettings: strictSettings
        ),
        .target(
            name: "SSOHealingAWSSSO",
            dependencies: ["SSOHealingCore", .product(name: "Logging", package: "swift-log")],
            swiftSettings: strictSettings
        ),
        .target(
            name: "SSOHealingAWSFakes",
            dependencies: ["SSOHealingCore", "SSOHealingTestKit"],
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
            dependencies: ["SSOHealingCore", .product(name: "Logging", package: "swift-log")],
            swiftSettings: strictSettings
        ),
        .target(
            name: "SSOHealingSlackNotifier",
            dependencies: ["SSOHealingCore", .product(name: "Logging", package: "swift-log")],
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
            dependencies: ["SSOHealingCore"],
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
        .target(
            name: "SSOHealingAlertmanagerNotifier",
            dependencies: ["SSOHealingCore", .product(name: "Logging", package: "swift-log")],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "SSOHealingAlertmanagerNotifierTests",
            dependencies: [
                "SSOHealingAlertmanagerNotifier", "SSOHealingCore", "SSOHealingTestKit",
                "SSOHealingNotifierConformance",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "InMemoryLogging", package: "swift-log"),
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "SSOHealingWebhookNotifierTests",
            dependencies: [
                "SSOHealingWebhookNotifier", "SSOHealingCore", "SSOHealingTestKit", "SSOHealingNotifierConformance",
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
            name: "SSOHealingCLITests",
            dependencies: ["SSOHealingCLI", "SSOHealingCore", "SSOHealingTestKit"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "SSOHealingAWSSSOTests",
            dependencies: [
                "SSOHealingAWSSSO", "SSOHealingAWSFakes", "SSOHealingCore", "SSOHealingTestKit",
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
                "SSOHealingTelegramNotifier", "SSOHealingCore", "SSOHealingTestKit", "SSOHealingNotifierConformance",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "InMemoryLogging", package: "swift-log"),
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "SSOHealingSlackNotifierTests",
            dependencies: [
                "SSOHealingSlackNotifier", "SSOHealingCore", "SSOHealingTestKit", "SSOHealingNotifierConformance",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "InMemoryLogging", package: "swift-log"),
            ],
            swiftSettings: strictSettings
        ),
    ],
    swiftLanguageModes: [.v6]
)
