import Foundation
import SSOHealingCore
import SSOHealingTestKit
import Testing

/// Compares the parser with Python's tomllib, the reference reader, over a corpus of valid,
/// invalid and mutated documents.
@Suite struct TOMLDifferentialTests {
    /// What a corpus document is expected to be.
    enum Expectation {
        /// Valid in the subset: both accept it, with the same values.
        case valid
        /// Invalid TOML: both reject it.
        case invalid
        /// Valid TOML the subset refuses: tomllib accepts it, we reject it with this message part.
        case refused(String)
        /// A mutated document, whatever tomllib says: we must agree with it (or refuse on purpose).
        case mutant
    }

    struct Case {
        var document: String
        var expectation: Expectation
        var origin: String
    }

    /// Messages of deliberate refusals of valid TOML: unsupported features, and the rules where
    /// the subset is stricter than tomllib.
    static let deliberateRefusals = [
        "not supported", "integer out of range", "cannot extend table", "Unicode normalization",
    ]

    static let generatedCount = 250
    static let mutantCount = 400

    static func corpus() -> [Case] {
        var cases: [Case] = []
        for (index, document) in TOMLCorpus.valid.enumerated() {
            cases.append(Case(document: document, expectation: .valid, origin: "valid #\(index)"))
        }
        for (index, document) in TOMLCorpus.invalid.enumerated() {
            cases.append(Case(document: document, expectation: .invalid, origin: "invalid #\(index)"))
        }
        for (index, refused) in TOMLCorpus.refused.enumerated() {
            cases.append(
                Case(document: refused.document, expectation: .refused(refused.message), origin: "refused #\(index)"))
        }
        var generator = TOMLDocumentGenerator(seed: 0x70_6D_6C)
        var generated: [String] = []
        for index in 0..<generatedCount {
            let document = generator.document()
            generated.append(document)
            cases.append(Case(document: document, expectation: .valid, origin: "generated #\(index)"))
        }
        let seeds = TOMLCorpus.valid + generated
        for index in 0..<mutantCount {
            let document = generator.mutate(generator.random.pick(seeds), count: 1)
            cases.append(Case(document: document, expectation: .mutant, origin: "mutant #\(index)"))
        }
        return cases
    }

    @Test func agreesWithPythonTomllib() throws {
        let cases = Self.corpus()
        let results = try PythonTomllib.read(cases.map(\.document))
        try #require(results.count == cases.count, "tomllib answered for \(results.count) of \(cases.count) documents")

        var counts = (valid: 0, invalid: 0, refused: 0)
        for (test, python) in zip(cases, results) {
            let ours: Result<TOMLTable, TOMLSyntaxError> = Result { () throws(TOMLSyntaxError) in
                try TOMLParser.parse(test.document)
            }
            let context = "\n\(test.origin): \(String(reflecting: test.document))"
            switch (test.expectation, python, ours) {
            case (.valid, .accepted(let expected), .success(let table)),
                (.mutant, .accepted(let expected), .success(let table)):
                let actual = Tagged(.table(table))
                #expect(
                    actual.matches(expected), "values differ:\n ours:    \(actual)\n tomllib: \(expected)\(context)")
                counts.valid += 1
            case (.valid, _, _):
                Issue.record("valid document: tomllib \(python), ours \(ours.outcome)\(context)")
            case (.invalid, .rejected, .failure), (.mutant, .rejected, .failure):
                counts.invalid += 1
            case (.invalid, _, _):
                Issue.record("invalid document: tomllib \(python), ours \(ours.outcome)\(context)")
            case (.refused(let message), .accepted, .failure(let error)):
                #expect(error.message.contains(message), "refused with \(error)\(context)")
                counts.refused += 1
            case (.refused, _, _):
                Issue.record("refused document: tomllib \(python), ours \(ours.outcome)\(context)")
            case (.mutant, .accepted, .failure(let error)):
                #expect(
                    Self.deliberateRefusals.contains { error.message.contains($0) },
                    "tomllib accepts a mutant we reject: \(error)\(context)")
                counts.refused += 1
            case (.mutant, .rejected(let reason), .success):
                Issue.record("tomllib rejects a mutant we accept: \(reason)\(context)")
            }
        }
        print(
            """
            TOML differential: \(counts.valid) valid documents (\(TOMLCorpus.valid.count) hand-written, \
            \(Self.generatedCount) generated, the rest accepted mutants), \(counts.invalid) invalid \
            (\(TOMLCorpus.invalid.count) hand-written, the rest rejected mutants), \(counts.refused) refused
            """)
        #expect(counts.valid >= 150)
        #expect(counts.invalid >= 100)
    }
}

extension Result where Failure == TOMLSyntaxError {
    /// The result as a failure message shows it.
    fileprivate var outcome: String {
        switch self {
        case .success: "accepts it"
        case .failure(let error): "rejects it (\(error))"
        }
    }
}

/// A value in the form both sides are compared in: tagged by type, numbers as text.
indirect enum Tagged: CustomStringConvertible, Decodable {
    case string(String)
    case integer(String)
    case float(String)
    case boolean(String)
    case array([Tagged])
    case table([(key: String, value: Tagged)])
    case other(type: String, value: String)

    init(_ value: TOMLValue) {
        switch value {
        case .string(let text): self = .string(text)
        case .integer(let number): self = .integer(String(number))
        case .float(let number): self = .float(number.isNaN ? "nan" : "\(number)")
        case .boolean(let flag): self = .boolean(flag ? "true" : "false")
        case .array(let nodes): self = .array(nodes.map { Tagged($0.value) })
        case .table(let table): self = .table(table.entries.map { ($0.key, Tagged($0.node.value)) })
        }
    }

    private enum Keys: String, CodingKey { case t, v, k }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: Keys.self)
        let type = try container.decode(String.self, forKey: .t)
        switch type {
        case "array":
            self = .array(try container.decode([Tagged].self, forKey: .v))
        case "table":
            var entries = try container.nestedUnkeyedContainer(forKey: .v)
            var pairs: [(key: String, value: Tagged)] = []
            while !entries.isAtEnd {
                let entry = try entries.nestedContainer(keyedBy: Keys.self)
                pairs.append((try entry.decode(String.self, forKey: .k), try entry.decode(Tagged.self, forKey: .v)))
            }
            self = .table(pairs)
        default:
            let text = try container.decode(String.self, forKey: .v)
            switch type {
            case "string": self = .string(text)
            case "int": self = .integer(text)
            case "float": self = .float(text)
            case "bool": self = .boolean(text)
            default: self = .other(type: type, value: text)
            }
        }
    }

    /// Whether two values are the same: strings by code points, floats by bits (any NaN equals
    /// any NaN), tables whatever their key order.
    func matches(_ other: Tagged) -> Bool {
        switch (self, other) {
        case (.string(let a), .string(let b)): return a.unicodeScalars.elementsEqual(b.unicodeScalars)
        case (.integer(let a), .integer(let b)), (.boolean(let a), .boolean(let b)): return a == b
        case (.float(let a), .float(let b)):
            guard let x = Double(a), let y = Double(b) else { return false }
            return x.bitPattern == y.bitPattern || (x.isNaN && y.isNaN)
        case (.array(let a), .array(let b)):
            return a.count == b.count && zip(a, b).allSatisfy { $0.matches($1) }
        case (.table(let a), .table(let b)):
            let order: ((key: String, value: Tagged), (key: String, value: Tagged)) -> Bool = {
                $0.key.unicodeScalars.lexicographicallyPrecedes($1.key.unicodeScalars)
            }
            return a.count == b.count
                && zip(a.sorted(by: order), b.sorted(by: order)).allSatisfy {
                    $0.key.unicodeScalars.elementsEqual($1.key.unicodeScalars) && $0.value.matches($1.value)
                }
        default: return false
        }
    }

    var description: String {
        switch self {
        case .string(let text): String(reflecting: text)
        case .integer(let text), .float(let text), .boolean(let text): text
        case .array(let values): "[" + values.map(\.description).joined(separator: ", ") + "]"
        case .table(let pairs):
            "{" + pairs.map { String(reflecting: $0.key) + ": " + $0.value.description }.joined(separator: ", ") + "}"
        case .other(let type, let value): "\(type)(\(value))"
        }
    }
}

/// Python's tomllib, run once over many documents.
enum PythonTomllib {
    /// What tomllib made of one document.
    enum Answer: CustomStringConvertible {
        case accepted(Tagged)
        case rejected(String)

        var description: String {
            switch self {
            case .accepted: "accepts it"
            case .rejected(let reason): "rejects it (\(reason))"
            }
        }
    }

    private struct Line: Decodable {
        var value: Tagged?
        var error: String?
    }

    /// Loads each document with tomllib and prints one JSON line per document: the value with
    /// type tags (numbers as text, floats as `repr` so that nan, inf and -0.0 stay exact), or the
    /// error.
    static let script = """
        import json, sys, tomllib
        def tag(x):
            if isinstance(x, bool): return {"t": "bool", "v": "true" if x else "false"}
            if isinstance(x, int): return {"t": "int", "v": str(x)}
            if isinstance(x, float): return {"t": "float", "v": repr(x)}
            if isinstance(x, str): return {"t": "string", "v": x}
            if isinstance(x, list): return {"t": "array", "v": [tag(e) for e in x]}
            if isinstance(x, dict): return {"t": "table", "v": [{"k": k, "v": tag(v)} for k, v in x.items()]}
            return {"t": type(x).__name__, "v": str(x)}
        folder, count = sys.argv[1], int(sys.argv[2])
        for i in range(count):
            with open(f"{folder}/{i}.toml", "rb") as f:
                data = f.read()
            try:
                line = {"value": tag(tomllib.loads(data.decode("utf-8")))}
            except Exception as e:
                line = {"error": f"{type(e).__name__}: {e}"}
            print(json.dumps(line))
        """

    /// Runs one `python3` process over all `documents` and returns its answers, in order.
    static func read(_ documents: [String]) throws -> [Answer] {
        let folder = try TemporaryDirectory(prefix: "toml-differential")
        defer { folder.remove() }
        for (index, document) in documents.enumerated() {
            try folder.write("\(index).toml", document)
        }
        let errors = folder.file("stderr.txt")
        _ = FileManager.default.createFile(atPath: errors, contents: nil)
        let output = Pipe()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script, folder.path, String(documents.count)]
        process.standardOutput = output
        process.standardError = FileHandle(forWritingAtPath: errors)
        do {
            try process.run()
        } catch {
            Issue.record("cannot run python3 (needed, with tomllib, by the TOML differential test): \(error)")
            throw error
        }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let stderr = (try? String(contentsOfFile: errors, encoding: .utf8)) ?? ""
        try #require(
            process.terminationStatus == 0,
            """
            python3 with tomllib (Python 3.11 or later) is required by the TOML differential test; the \
            project's test script installs it. Exit status \(process.terminationStatus): \(stderr)
            """)
        let decoder = JSONDecoder()
        return try data.split(separator: UInt8(ascii: "\n")).map { line in
            let decoded = try decoder.decode(Line.self, from: Data(line))
            if let value = decoded.value { return .accepted(value) }
            return .rejected(decoded.error ?? "no answer")
        }
    }
}
