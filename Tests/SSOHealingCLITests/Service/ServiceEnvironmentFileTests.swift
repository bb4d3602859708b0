import Foundation
import SSOHealingCore
import Testing

/// One `service.env` with `&`, spaces, `#`, quotes and a continued line, given to the program
/// exactly as the launchd agent and the systemd unit that `install` writes start it: both read
/// the values `man systemd.exec` (EnvironmentFile=) gives them, in the configuration's `${VAR}`
/// and in the environment of the programs it runs.
extension InstallCommandTests {
    /// The file, and what systemd's documentation makes of each line (the oracle).
    static let serviceEnvironment = """
        # read by the program itself, never by a shell
        URL=https://x/?a=1&b=2
        TOKEN=abc def
        QUOTED="a \\"b\\" # c"
        SINGLE='x $y'
          HASH = value # not a comment\t
        CONTINUED=first \\
        second
        ; another comment
        SECRET_TOKEN=very-secret-value-42

        """
    static let documentedValues: KeyValuePairs<String, String> = [
        "URL": "https://x/?a=1&b=2",  // no shell: "&" is an ordinary character
        "TOKEN": "abc def",  // interior whitespace is preserved verbatim
        "QUOTED": #"a "b" # c"#,  // double quotes: \" keeps the quote; "#" is kept
        "SINGLE": "x $y",  // single quotes: every character verbatim
        "HASH": "value # not a comment",  // whitespace around key and value discarded, "#" kept
        "CONTINUED": "first second",  // a trailing backslash continues the line
    ]

    /// Words of a unit file setting as systemd splits them: at whitespace, `"…"` quoting with
    /// `\\` and `\"` escapes, `%%` for `%` and, when `dollars`, `$$` for `$`.
    static func unitWords(_ text: String, dollars: Bool) -> [String] {
        var words: [String] = []
        var word: String?
        var quoted = false
        var characters = text.makeIterator()
        while let character = characters.next() {
            switch character {
            case "\"":
                quoted.toggle()
                word = word ?? ""
            case "\\" where quoted:
                if let next = characters.next() { word = (word ?? "") + String(next) }
            case " " where !quoted, "\t" where !quoted:
                if let done = word { words.append(done) }
                word = nil
            case "%", "$":
                if character == "%" || dollars { _ = characters.next() }
                word = (word ?? "") + String(character)
            default:
                word = (word ?? "") + String(character)
            }
        }
        if let done = word { words.append(done) }
        return words
    }

    /// The probe that records its argument and the variables of ``documentedValues`` as its
    /// program sees them (its table passes them), NUL-separated, in `record`.
    static func recordingConfiguration(_ setup: Setup, record: String) throws {
        var line = #"printf '%s\0' "$1""#
        for (name, _) in documentedValues { line += #" "${\#(name)-(unset)}""# }
        let script = try setup.scenario.directory.write(
            "record.sh", "#!/bin/sh\n\(line) > \"\(record)\"\necho recorded\n", mode: 0o755)
        try setup.scenario.directory.write(
            "config/config.toml",
            "[probe.dump]\ntype = \"command\"\ncommand = [\"\(script)\", \"${TOKEN}\"]\n"
                // A plug-in inherits only what its table passes.
                + "pass_environment = [\(documentedValues.map { "\"\($0.key)\"" }.joined(separator: ", "))]\n")
        try setup.scenario.directory.write("config/service.env", serviceEnvironment, mode: 0o600)
    }

    /// Runs `command` with `environment` (what the service manager gives it) and returns the
    /// recorded argument and variables.
    func runRecording(_ command: [String], environment: [String: String], record: String) async throws -> [String] {
        try? FileManager.default.removeItem(atPath: record)
        let output = try await ProcessRunner.run(command, environment: environment, timeout: .seconds(60))
        #expect(output.exitStatus == 0, "\(command): \(output.stderrText)\(output.stdoutText)")
        let data = try #require(FileManager.default.contents(atPath: record), "\(output.stderrText)")
        var fields = String(decoding: data, as: UTF8.self).components(separatedBy: "\0")
        #expect(fields.last == "")
        fields.removeLast()
        return fields
    }

    @Test func launchdAndSystemdReadOneServiceEnvToTheValuesSystemdDocuments() async throws {
        let setup = try Setup()
        defer { setup.scenario.remove() }
        let record = setup.scenario.directory.file("record")
        try Self.recordingConfiguration(setup, record: record)
        let expected = [Self.documentedValues.first { $0.key == "TOKEN" }!.value] + Self.documentedValues.map(\.value)
        let home = ["HOME": setup.home]

        // launchd: ProgramArguments as they are, with EnvironmentVariables.
        let printedPlist = try await setup.run(["install", "--launchd", "--mode", "timer", "--print"])
        #expect(printedPlist.exitStatus == 0, "\(printedPlist.stderrText)")
        let plist = try await parsedPlist(printedPlist.stdoutText, in: setup)
        let arguments = try #require(plist["ProgramArguments"] as? [String])
        let launchdVariables = try #require(plist["EnvironmentVariables"] as? [String: String])
        let underLaunchd = try await runRecording(
            arguments, environment: launchdVariables.merging(home) { $1 }, record: record)
        #expect(underLaunchd == expected)

        // systemd: ExecStart= and Environment= as systemd splits them.
        let unitsOutput = try await setup.run(["install", "--systemd", "--mode", "timer", "--print"])
        #expect(unitsOutput.exitStatus == 0, "\(unitsOutput.stderrText)")
        let service = try #require(printedUnits(unitsOutput.stdoutText)["sso-self-healing.service"])
        var command: [String] = []
        var systemdVariables = home
        for line in service.split(separator: "\n") {
            if line.hasPrefix("ExecStart=") {
                command = Self.unitWords(String(line.dropFirst("ExecStart=".count)), dollars: true)
            } else if line.hasPrefix("Environment=") {
                for word in Self.unitWords(String(line.dropFirst("Environment=".count)), dollars: false) {
                    let parts = word.split(separator: "=", maxSplits: 1)
                    systemdVariables[String(parts[0])] = parts.count > 1 ? String(parts[1]) : ""
                }
            }
        }
        #expect(command.first == binary)
        let underSystemd = try await runRecording(command, environment: systemdVariables, record: record)
        #expect(underSystemd == expected)
        #expect(underSystemd == underLaunchd)
    }
}
