import Foundation
import SSOHealingCore
import SSOHealingTestKit
import Testing

/// `EnvironmentFile` against the rules `man systemd.exec` (EnvironmentFile=) states: each
/// expected value below is what that page says systemd makes of the line, quoted next to it.
@Suite struct EnvironmentFileTests {
    /// One line (or lines) of a file, and the value the manual's rule gives it.
    struct Case: CustomTestStringConvertible {
        var text: String
        var name: String
        var expected: String
        var rule: String
        var testDescription: String { "\(name): \(rule)" }
    }

    static let cases: [Case] = [
        Case(
            text: "URL=https://x/?a=1&b=2\n", name: "URL", expected: "https://x/?a=1&b=2",
            rule: "no shell: & is an ordinary character"),
        Case(
            text: "TOKEN=abc def\n", name: "TOKEN", expected: "abc def",
            rule: "interior whitespace within the line is preserved verbatim"),
        Case(
            text: "  PADDED  =   value with trailing  \t\n", name: "PADDED", expected: "value with trailing",
            rule: "leading and trailing whitespace is discarded"),
        Case(
            text: "CR=value\r\n", name: "CR", expected: "value",
            rule: "trailing whitespace (space, tab, carriage return) is discarded"),
        Case(
            text: "HASH=a # b\n", name: "HASH", expected: "a # b",
            rule: "only lines starting with # are comments: # inside a value is kept"),
        Case(
            text: #"QUOTED="a \"b\" # c""# + "\n", name: "QUOTED", expected: #"a "b" # c"#,
            rule: "double quotes: backslash before \" keeps it; # is kept"),
        Case(
            text: "SINGLE='x $y \\n'\n", name: "SINGLE", expected: "x $y \\n",
            rule: "single quotes: any character verbatim, no escapes"),
        Case(
            text: "INNER=it's \"fine\"\n", name: "INNER", expected: "it's \"fine\"",
            rule: "quotes after the first non-whitespace character are preserved"),
        Case(
            text: "CONT=one \\\ntwo\n", name: "CONT", expected: "one two",
            rule: "a line ending with a backslash is continued, the newline discarded"),
        Case(
            text: "ESCAPED=a\\\\b\\qc\\ \n", name: "ESCAPED", expected: "a\\bqc ",
            rule: "a backslash preserves the following character: \\\\ is \\"),
        Case(
            text: "DQ=\"$HOME \\$HOME \\` \\\\ \\n\"\n", name: "DQ", expected: "$HOME $HOME ` \\ \\n",
            rule: "double quotes: \\ before \"\\`$ keeps that character, before others both are kept"),
        Case(
            text: "DQCONT=\"abc\\\ndef\"\n", name: "DQCONT", expected: "abcdef",
            rule: "double quotes: backslash-newline is a continuation, the newline discarded"),
        Case(
            text: "MULTI='line one\nline two'\n", name: "MULTI", expected: "line one\nline two",
            rule: "a single-quoted value can span multiple lines"),
        Case(
            text: "OUTSIDE =  \"  kept  \"  \n", name: "OUTSIDE", expected: "  kept  ",
            rule: "whitespace outside the quotes is discarded, inside kept"),
        Case(text: "EMPTY=\n", name: "EMPTY", expected: "", rule: "an empty value"),
        Case(text: "LAST=1\nLAST=2", name: "LAST", expected: "2", rule: "a later setting overrides; no final newline"),
    ]

    @Test(arguments: cases) func valuesAreReadAsSystemdDocumentsThem(_ example: Case) {
        let file = EnvironmentFile.parse(example.text, path: "service.env")
        #expect(file.variables == [example.name: example.expected])
        #expect(file.diagnostics.isEmpty, "\(file.diagnostics)")
    }

    @Test func commentsAndBlankLinesSetNothingAndTheRestIsRead() {
        let text = "# a comment with KEY=value\n; another=one\n\n   \n  # indented comment\nKEPT=yes\n"
        let file = EnvironmentFile.parse(text, path: "service.env")
        #expect(file.variables == ["KEPT": "yes"])
        #expect(file.diagnostics.isEmpty)
    }

    @Test func linesThatSetNothingAreWarnedAtTheirPositionAndTheOthersStillCount() {
        let text = "A=1\nexport B=2\n  no equals here\n1BAD=3\nC=4\nD='never closed\n"
        let file = EnvironmentFile.parse(text, path: "/etc/x/service.env")
        #expect(file.variables == ["A": "1", "C": "4", "D": "never closed\n"])
        #expect(file.diagnostics.allSatisfy { $0.severity == .warning })
        let described = file.diagnostics.map(\.description)
        #expect(described.count == 4, "\(described)")
        #expect(described[0].hasPrefix("/etc/x/service.env:2:1: warning: \"export\" is not supported"))
        #expect(described[0].contains("write B=value"))
        #expect(described[1].hasPrefix("/etc/x/service.env:3:3: warning: no \"=\" in this line"))
        #expect(described[2].hasPrefix("/etc/x/service.env:4:1: warning: the text before \"=\" is not a variable name"))
        #expect(described[3].hasPrefix("/etc/x/service.env:6:3: warning: the quote opened here is never closed"))
    }

    /// A line that lost its name is often the secret itself (a webhook URL pasted alone): the
    /// warning points at it without repeating it.
    @Test func aLineWithoutANameIsWarnedAboutWithoutQuotingIt() {
        let secret = "https://hooks.slack.com/services/T0SECRET/B0SECRET/XyZsecretPath?token=Abc123Secret"
        let file = EnvironmentFile.parse("A=1\n\(secret)\nT0SECRETxyz\n", path: "service.env")
        #expect(file.variables == ["A": "1"])
        #expect(file.diagnostics.count == 2)
        for diagnostic in file.diagnostics {
            #expect(!diagnostic.description.contains("SECRET"), "\(diagnostic.description)")
            #expect(!diagnostic.description.contains("Abc123Secret"), "\(diagnostic.description)")
        }
    }

    @Test func theFileWinsOverTheEnvironment() {
        let file = EnvironmentFile.parse("A=file\n", path: "service.env")
        #expect(file.applied(to: ["A": "process", "B": "process"]) == ["A": "file", "B": "process"])
    }

    @Test func aMissingFileSetsNothingAndAnUnusableOneIsAnError() throws {
        let directory = try TemporaryDirectory(prefix: "environment-file")
        defer { directory.remove() }
        let missing = EnvironmentFile.read(directory.file("absent.env"))
        #expect(missing.variables.isEmpty && missing.diagnostics.isEmpty)

        let folder = EnvironmentFile.read(directory.path)
        #expect(folder.diagnostics.map(\.severity) == [.error])
        #expect(folder.diagnostics.first?.description.contains(":1:1: the environment file is a directory") == true)

        let binary = directory.file("binary.env")
        try Data([0x41, 0x3D, 0xFF, 0x0A]).write(to: URL(fileURLWithPath: binary))
        #expect(EnvironmentFile.read(binary).diagnostics.map(\.message) == ["the environment file is not UTF-8 text"])

        let open = try directory.write("open.env", "A=1\n", mode: 0o644)
        let read = EnvironmentFile.read(open)
        #expect(read.variables == ["A": "1"])
        #expect(read.diagnostics.map(\.severity) == [.warning])
        #expect(read.diagnostics.first?.message.contains("readable by group or others (mode 644)") == true)

        let closed = try directory.write("closed.env", "A=1\n", mode: 0o600)
        #expect(EnvironmentFile.read(closed).diagnostics.isEmpty)
    }
}
