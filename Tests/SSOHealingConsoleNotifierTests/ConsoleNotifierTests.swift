import Foundation
import Logging
import SSOHealingCore
import Testing

@testable import SSOHealingConsoleNotifier

@Suite struct ConsoleNotifierTests {
    private static let at = Date(timeIntervalSince1970: 1_795_791_845)  // 2026-11-27T15:04:05Z

    private func event(
        previous: HealthState = .ok, state: HealthState = .expired, reminder: Int = 0, test: Bool = false,
        summary: String = "SSO session for profile prod expired: refresh token rejected (invalid_grant)",
        remedy: String? = "aws sso login --profile prod"
    ) -> AlertEvent {
        AlertEvent(
            fingerprint: "aws-sso:prod", episode: 7, probe: "prod", kind: "aws-sso", previous: previous, state: state,
            reminder: reminder, summary: summary, remedy: remedy, at: Self.at, host: "build-mac-3", test: test)
    }

    /// Delivers `events` through a console channel writing to a pipe, and returns what came out.
    private func deliver(_ events: [AlertEvent]) async throws -> (results: [DeliveryResult], output: String) {
        var ends: [Int32] = [-1, -1]
        try #require(pipe(&ends) == 0)
        defer { close(ends[0]) }
        let channel = ConsoleNotifier(fileDescriptor: ends[1])
        var results: [DeliveryResult] = []
        for event in events { results.append(await channel.deliver(event)) }
        close(ends[1])
        let output = FileHandle(fileDescriptor: ends[0], closeOnDealloc: false).readDataToEndOfFile()
        return (results, String(decoding: output, as: UTF8.self))
    }

    @Test func aTransitionIsOneLineWithSeverityStatesSummaryAndRemedy() async throws {
        let (results, output) = try await deliver([event()])
        #expect(results == [.delivered])
        #expect(
            output
                == "2026-11-27T15:04:05Z CRITICAL prod: expired (was ok): SSO session for profile prod expired: "
                + "refresh token rejected (invalid_grant) — remedy: aws sso login --profile prod\n")
    }

    @Test func aReminderIsMarkedWithItsNumber() async throws {
        let (_, output) = try await deliver([
            event(previous: .ok, state: .degraded, reminder: 2, summary: "session ends in 3 days", remedy: nil)
        ])
        #expect(output == "2026-11-27T15:04:05Z WARNING prod: degraded (was ok) (reminder 2): session ends in 3 days\n")
    }

    @Test func aResolvedEventSaysResolvedAndOmitsTheRemedy() async throws {
        let (_, output) = try await deliver([
            event(previous: .expired, state: .ok, summary: "SSO session for profile prod is valid")
        ])
        #expect(
            output == "2026-11-27T15:04:05Z INFO prod: resolved (was expired): SSO session for profile prod is valid\n")
    }

    @Test func aTestEventIsMarked() async throws {
        let (_, output) = try await deliver([event(test: true)])
        #expect(output.hasPrefix("2026-11-27T15:04:05Z [TEST] CRITICAL prod: expired (was ok): "))
    }

    @Test func lineBreaksInTheEventNeverSplitTheLine() async throws {
        let (_, output) = try await deliver([
            event(summary: "first\nsecond\r\nthird\u{1B}[31m", remedy: "run\nthis")
        ])
        #expect(output.filter { $0 == "\n" || $0 == "\r\n" }.count == 1)
        #expect(output.contains("first second  third [31m — remedy: run this\n"))
        #expect(ConsoleNotifier.line(for: event()) == (try await deliver([event()])).output)
    }

    @Test func concurrentDeliveriesNeverInterleave() async throws {
        var ends: [Int32] = [-1, -1]
        try #require(pipe(&ends) == 0)
        defer { close(ends[0]) }
        let channel = ConsoleNotifier(fileDescriptor: ends[1])
        let summaries = (0..<40).map { "event \($0) " + String(repeating: "x", count: 300) }
        await withTaskGroup(of: Void.self) { group in
            for summary in summaries {
                group.addTask { _ = await channel.deliver(self.event(summary: summary)) }
            }
        }
        close(ends[1])
        let output = String(
            decoding: FileHandle(fileDescriptor: ends[0], closeOnDealloc: false).readDataToEndOfFile(), as: UTF8.self)
        let lines = output.split(separator: "\n").map(String.init)
        #expect(lines.count == summaries.count)
        #expect(Set(lines) == Set(summaries.map { String(ConsoleNotifier.line(for: event(summary: $0)).dropLast()) }))
    }

    @Test func aWriteErrorIsAFailureNamingTheStream() async throws {
        var ends: [Int32] = [-1, -1]
        try #require(pipe(&ends) == 0)
        close(ends[0])
        defer { close(ends[1]) }
        let result = await ConsoleNotifier(fileDescriptor: ends[1], name: "stderr").deliver(event())
        #expect(result == .failed(reason: "cannot write to stderr: \(String(cString: strerror(EPIPE)))"))
    }

    /// The channel a drop-in with `values` builds.
    private func channel(_ values: [String: ConfigValue]) throws -> ConsoleNotifier {
        let schema = NotifierConfiguration.commonSchema.merging(ConsoleNotifier.schema)
        let section = ConfigSection(
            file: "notifiers.d/00-console.toml", path: "00-console", location: SourceLocation(line: 1, column: 1),
            values: values, schema: schema)
        let context = NotifierContext(
            configuration: NotifierConfiguration(name: "00-console", file: section.file, section: section),
            logger: Logger(label: "test.console"), environment: [:])
        return try #require(try ConsoleNotifier.factory.make(context) as? ConsoleNotifier)
    }

    @Test func theFactoryDefaultsToStandardError() throws {
        #expect(ConsoleNotifier.type == "console")
        let channel = try channel(["type": .string("console")])
        #expect(channel.descriptor == STDERR_FILENO && channel.name == "stderr")
    }

    @Test func theFactoryWritesToStandardOutputWhenAsked() throws {
        let channel = try channel(["type": .string("console"), "stream": .string("stdout")])
        #expect(channel.descriptor == STDOUT_FILENO && channel.name == "stdout")
    }
}
