// swift-tools-version:6.2
// An example of a custom sso-self-healing build: the stock command line plus an `ntfy` notifier.
import PackageDescription

let settings: [SwiftSetting] = [.enableUpcomingFeature("ExistentialAny")]

let package = Package(
    name: "ntfy-notifier",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "sso-self-healing-ntfy", targets: ["sso-self-healing-ntfy"]),
        .library(name: "NtfyNotifier", targets: ["NtfyNotifier"]),
    ],
    dependencies: [
        // In your own package: .package(url: "https://github.com/<you>/sso-self-healing.git", from: "1.0.0")
        .package(name: "sso-self-healing", path: "../..")
    ],
    targets: [
        .target(
            name: "NtfyNotifier",
            dependencies: [
                .product(name: "SSOHealingCore", package: "sso-self-healing"),
                .product(name: "SSOHealingHTTP", package: "sso-self-healing"),
            ],
            swiftSettings: settings
        ),
        .executableTarget(
            name: "sso-self-healing-ntfy",
            dependencies: [
                "NtfyNotifier",
                .product(name: "SSOHealingCLI", package: "sso-self-healing"),
                .product(name: "SSOHealingBuiltIns", package: "sso-self-healing"),
                .product(name: "SSOHealingCore", package: "sso-self-healing"),
            ],
            swiftSettings: settings
        ),
        .testTarget(
            name: "NtfyNotifierTests",
            dependencies: [
                "NtfyNotifier",
                .product(name: "SSOHealingCore", package: "sso-self-healing"),
                .product(name: "SSOHealingHTTP", package: "sso-self-healing"),
                .product(name: "SSOHealingNotifierConformance", package: "sso-self-healing"),
                .product(name: "SSOHealingTestKit", package: "sso-self-healing"),
            ],
            swiftSettings: settings
        ),
    ],
    swiftLanguageModes: [.v6]
)
