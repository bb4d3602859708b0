import Foundation
import SSOHealingCore
import SSOHealingTestKit
import Testing

/// The parser on hostile input: random mutations, huge and deeply nested documents, and speed.
/// Serialized, so that the speed measurements do not compete with the fuzzing for the CPU.
@Suite(.serialized) struct TOMLRobustnessTests {
    static let fuzzIterations = 100_000

    /// Every mutated document parses to a table or to an error located inside the document, with
    /// a lower-case message; nothing crashes or hangs.
    @Test func mutatedDocumentsAreHandledGracefully() {
        let seed = TestSeed.value("TOML_FUZZ_SEED", default: 0xF0_22)
        var generator = TOMLDocumentGenerator(seed: seed)
        let corpus = TOMLCorpus.valid + (0..<150).map { _ in generator.document() }
        var accepted = 0
        var failures: [String] = []
        for _ in 0..<Self.fuzzIterations {
            let document = generator.mutate(generator.random.pick(corpus), count: 1 + generator.random.below(4))
            do {
                _ = try TOMLParser.parse(document)
                accepted += 1
            } catch {
                let message = error.message
                if !Self.isInside(error.location, document) || message.isEmpty || message.first?.isUppercase == true {
                    failures.append("\(error) for \(String(reflecting: document))")
                }
            }
        }
        print("TOML fuzz: \(Self.fuzzIterations) mutated documents, \(accepted) accepted, seed \(seed)")
        #expect(
            failures.isEmpty,
            "\(failures.count) errors out of bounds, e.g. \(failures.prefix(3)); \(TestSeed.replay("TOML_FUZZ_SEED", seed))"
        )
    }

    /// Whether `location` is in `text`: an existing line, and a column on it or just after its
    /// last character (where the line break or the end of the document stands).
    static func isInside(_ location: SSOHealingCore.SourceLocation, _ text: String) -> Bool {
        var lengths = [0]
        for scalar in text.unicodeScalars {
            if scalar == "\n" { lengths.append(0) } else { lengths[lengths.count - 1] += 1 }
        }
        guard location.line >= 1 && location.line <= lengths.count else { return false }
        return location.column >= 1 && location.column <= lengths[location.line - 1] + 1
    }

    @Test func locationBoundsCheckIsSound() {
        #expect(Self.isInside(.init(line: 1, column: 1), ""))
        #expect(Self.isInside(.init(line: 2, column: 3), "a\nbé"))
        #expect(!Self.isInside(.init(line: 2, column: 4), "a\nbé"))
        #expect(!Self.isInside(.init(line: 3, column: 1), "a\nb"))
    }

    // MARK: Size

    @Test func inputOverOneMebibyteIsRejectedAtOnce() {
        let big = String(repeating: "key = \"value\"\n", count: 80_000)  // 1.12 MB
        #expect(parseOutcome(big) == "1:1: file is larger than 1 MiB")
        // Before any of it is read: a syntax error on its last line (a parse would report it, or
        // the duplicate keys on line 2) does not come first.
        #expect(parseOutcome(big + "= broken") == "1:1: file is larger than 1 MiB")
        // Bytes, not characters, count.
        let multibyte = String(repeating: "é", count: (1 << 19) + 1)
        #expect(parseOutcome(multibyte) == "1:1: file is larger than 1 MiB")
    }

    // MARK: Deep nesting

    @Test func tenThousandNestedBracketsGiveAnError() {
        let open = String(repeating: "[", count: 10_000)
        #expect(parseOutcome("a = " + open) == "1:69: nesting is deeper than 64 levels")
        #expect(
            parseOutcome("a = " + open + String(repeating: "]", count: 10_000))
                == "1:69: nesting is deeper than 64 levels")
        #expect(parseOutcome(open) == "1:1: arrays of tables are not supported")
        #expect(
            parseOutcome("a = [" + String(repeating: "1, [", count: 10_000))
                == "1:261: nesting is deeper than 64 levels")
    }

    @Test func tenThousandNestedBracesGiveAnError() {
        #expect(parseOutcome("a = " + String(repeating: "{", count: 10_000)) == "1:6: expected a key")
        #expect(
            parseOutcome("a = " + String(repeating: "{b = ", count: 10_000))
                == "1:325: nesting is deeper than 64 levels")
        #expect(
            parseOutcome("a = " + String(repeating: "{b = [", count: 10_000))
                == "1:197: nesting is deeper than 64 levels")
    }

    @Test func tenThousandKeySegmentsGiveAnError() {
        let key = Array(repeating: "k", count: 10_000).joined(separator: ".")
        #expect(parseOutcome("[" + key + "]") == "1:130: nesting is deeper than 64 levels")
        #expect(parseOutcome(key + " = 1") == "1:129: nesting is deeper than 64 levels")
    }

    /// Even with the depth limit lifted, the parser itself does not recurse.
    @Test func parserDoesNotRecurse() {
        let limits = TOMLParser.Limits(maxDepth: .max)
        #expect(
            parseOutcome("a = " + String(repeating: "[", count: 100_000), limits: limits)
                == "1:100004: unterminated array")
        #expect(
            parseOutcome("a = " + String(repeating: "{b = ", count: 100_000), limits: limits)
                == "1:500005: expected a value")
    }

    // MARK: Speed

    /// A realistic 100 KB configuration parses in well under 50 ms, even in a debug build
    /// (measured as the thread's CPU time, so that other work on the machine counts less).
    @Test func hundredKilobytesParseQuickly() throws {
        var realistic = ""
        var index = 0
        while realistic.utf8.count < 100_000 {
            realistic += """
                [profiles.p\(index)]
                sso_start_url = "https://example\(index).awsapps.com/start"
                sso_region = 'us-east-1'
                account_id = "123456789012"
                roles = ["ReadOnly", "Admin"] # comment
                retry.max_attempts = 5
                retry.backoff = 1.5
                notify = { desktop = true, command = '/usr/bin/notify-send "SSO"' }


                """
            index += 1
        }
        var generator = TOMLDocumentGenerator(seed: 100)
        let generated = generator.document(rootEntries: 1_600)
        try #require(generated.utf8.count >= 100_000)
        // The realistic configuration is the requirement; the generated document, far denser in
        // values, escapes and Unicode per byte, guards against regressions.
        for (document, limit) in [(realistic, Duration.milliseconds(50)), (generated, .milliseconds(100))] {
            _ = try TOMLParser.parse(document)
            let fastest = (0..<10).map { _ in Self.threadCPUTime { _ = try? TOMLParser.parse(document) } }.min()!
            print("TOML: \(document.utf8.count) bytes parse in \(fastest) of CPU time")
            #expect(fastest < limit)
        }
    }

    /// Documents near the size limit, shaped to expose work that grows faster than the input,
    /// parse in time proportional to their size.
    @Test func largeDocumentsOfEveryShapeParseInLinearTime() {
        let count = 50_000
        let shapes: [(name: String, document: String)] = [
            ("one long array", "a = [" + String(repeating: "1,", count: 400_000) + "]"),
            ("one wide inline table", "a = {" + (0..<count).map { "k\($0) = 1" }.joined(separator: ", ") + "}"),
            ("many headers", (0..<count).map { "[t\($0)]" }.joined(separator: "\n")),
            ("many keys", (0..<count).map { "k\($0) = 1" }.joined(separator: "\n")),
            ("many dotted keys", (0..<count / 2).map { "a.b.k\($0) = 1" }.joined(separator: "\n")),
            ("one long string", "a = \"" + String(repeating: "x\\n", count: 300_000) + "\""),
            ("a long key", Array(repeating: "k", count: 400_000).joined(separator: ".") + " = 1"),
        ]
        for shape in shapes {
            var outcome = ""
            let time = Self.threadCPUTime { outcome = parseOutcome(shape.document) }
            #expect(outcome == "no error" || outcome.hasSuffix("nesting is deeper than 64 levels"), "\(shape.name)")
            #expect(time < .seconds(3), "\(shape.name): \(shape.document.utf8.count) bytes in \(time)")
        }
    }

    /// The CPU time the current thread spends running `body`.
    static func threadCPUTime(_ body: () -> Void) -> Duration {
        func now() -> Duration {
            var time = timespec()
            clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
            return .seconds(time.tv_sec) + .nanoseconds(time.tv_nsec)
        }
        let start = now()
        body()
        return now() - start
    }
}
