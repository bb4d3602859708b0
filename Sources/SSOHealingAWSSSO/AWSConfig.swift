#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

#if canImport(Darwin)
    import Darwin
#elseif canImport(Glibc)
    import Glibc
#endif

/// The AWS shared config file as botocore maps it: profiles, `sso-session` sections and
/// `services` sections.
struct AWSConfig: Sendable, Equatable {
    /// A profile's, session's or services section's keys.
    typealias Section = [String: AWSConfigValue]

    /// The file read (after `~` and `$VAR` expansion).
    var path: String
    /// Whether the file exists; botocore treats a missing file as an empty one.
    var exists: Bool
    /// `[profile NAME]` and `[default]` sections by profile name.
    var profiles: [String: Section]
    /// `[sso-session NAME]` sections by name.
    var ssoSessions: [String: Section]
    /// `[services NAME]` sections by name.
    var services: [String: Section]

    /// An empty configuration standing for a missing file.
    init(
        path: String, exists: Bool = false, profiles: [String: Section] = [:], ssoSessions: [String: Section] = [:],
        services: [String: Section] = [:]
    ) {
        self.path = path
        self.exists = exists
        self.profiles = profiles
        self.ssoSessions = ssoSessions
        self.services = services
    }

    /// Maps parsed sections as botocore's `build_profile_map` does: a section whose name starts
    /// with `profile`, `sso-session` or `services` and splits (as a shell would) into exactly two
    /// words is filed under its second word; `[default]` is the profile `default`.
    init(path: String, file: AWSConfigFile) {
        self.init(path: path, exists: true)
        for name in file.sectionNames {
            let values = file.sections[name] ?? [:]
            if name.hasPrefix("profile") {
                if let profile = Self.secondWord(of: name) { profiles[profile] = values }
            } else if name.hasPrefix("sso-session") {
                if let session = Self.secondWord(of: name) { ssoSessions[session] = values }
            } else if name.hasPrefix("services") {
                if let section = Self.secondWord(of: name) { services[section] = values }
            } else if name == "default" {
                profiles["default"] = values
            }
        }
    }

    /// Reads the file that `AWS_CONFIG_FILE` names, or `~/.aws/config`.
    static func load(environment: [String: String]) throws(AWSConfigError) -> AWSConfig {
        let path = configPath(environment: environment)
        guard FileManager.default.fileExists(atPath: path) else { return AWSConfig(path: path) }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw AWSConfigError(path: path, reason: "cannot be read")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw AWSConfigError(path: path, reason: "is not UTF-8 text")
        }
        return try ParsedAWSConfigs.shared.config(path: path, data: data) { () throws(AWSConfigError) in
            AWSConfig(path: path, file: try AWSConfigFile.parse(text, path: path))
        }
    }

    /// `AWS_CONFIG_FILE` (with `$VAR` and `~` expanded, as botocore does) or `~/.aws/config`.
    static func configPath(environment: [String: String]) -> String {
        let given = environment["AWS_CONFIG_FILE"] ?? "~/.aws/config"
        return HomeDirectory.expandUser(
            HomeDirectory.expandVariables(given, environment: environment), environment: environment)
    }

    /// The profile name the AWS CLI uses when none is given: `AWS_DEFAULT_PROFILE`, then
    /// `AWS_PROFILE`, then `default` (botocore's order).
    static func defaultProfileName(environment: [String: String]) -> String {
        environment["AWS_DEFAULT_PROFILE"] ?? environment["AWS_PROFILE"] ?? "default"
    }

    /// Python's `shlex.split(name)` when it yields exactly two words: their second.
    private static func secondWord(of name: String) -> String? {
        guard let words = ShellWords.split(name), words.count == 2 else { return nil }
        return words[1]
    }
}

/// Python's `shlex.split` in POSIX mode, enough for section names: blanks separate words, single
/// quotes keep everything, double quotes keep everything but backslash escapes of `\ " $ `` ` and
/// newline, a backslash outside quotes escapes the next character.
enum ShellWords {
    /// The words of `text`, or `nil` for an unterminated quote or a trailing backslash.
    static func split(_ text: String) -> [String]? {
        var words: [String] = []
        var word = ""
        var inWord = false
        var iterator = Array(text).makeIterator()
        while let character = iterator.next() {
            switch character {
            case " ", "\t", "\n", "\r":
                if inWord { words.append(word) }
                word = ""
                inWord = false
            case "'":
                inWord = true
                while true {
                    guard let next = iterator.next() else { return nil }
                    if next == "'" { break }
                    word.append(next)
                }
            case "\"":
                inWord = true
                while true {
                    guard let next = iterator.next() else { return nil }
                    if next == "\"" { break }
                    if next == "\\" {
                        guard let escaped = iterator.next() else { return nil }
                        if !["\\", "\"", "$", "`", "\n"].contains(escaped) { word.append("\\") }
                        word.append(escaped)
                    } else {
                        word.append(next)
                    }
                }
            case "\\":
                guard let escaped = iterator.next() else { return nil }
                inWord = true
                word.append(escaped)
            default:
                inWord = true
                word.append(character)
            }
        }
        if inWord { words.append(word) }
        return words
    }
}

/// Where `~` points, and Python's `os.path.expanduser`/`expandvars`, against a given environment.
enum HomeDirectory {
    /// `HOME`, or the user database's entry when it is unset.
    static func path(environment: [String: String]) -> String {
        if let home = environment["HOME"], !home.isEmpty { return home }
        if let entry = getpwuid(getuid()), let directory = entry.pointee.pw_dir { return String(cString: directory) }
        return "/"
    }

    /// `~` or `~/…` at the start replaced by the home directory.
    static func expandUser(_ path: String, environment: [String: String]) -> String {
        guard path == "~" || path.hasPrefix("~/") else { return path }
        var home = self.path(environment: environment)
        while home.count > 1 && home.hasSuffix("/") { home.removeLast() }
        return home + path.dropFirst()
    }

    /// `$NAME` and `${NAME}` replaced by set variables; unset ones are left as written.
    static func expandVariables(_ text: String, environment: [String: String]) -> String {
        guard text.contains("$") else { return text }
        var output = ""
        var index = text.startIndex
        let isNameCharacter = { (character: Character) in
            character.isASCII && (character.isLetter || character.isNumber || character == "_")
        }
        while index < text.endIndex {
            let character = text[index]
            guard character == "$" else {
                output.append(character)
                index = text.index(after: index)
                continue
            }
            let afterDollar = text.index(after: index)
            if afterDollar < text.endIndex, text[afterDollar] == "{",
                let close = text[afterDollar...].firstIndex(of: "}")
            {
                let name = String(text[text.index(after: afterDollar)..<close])
                if let value = environment[name] {
                    output += value
                } else {
                    output += text[index...close]
                }
                index = text.index(after: close)
                continue
            }
            let nameEnd = text[afterDollar...].firstIndex { !isNameCharacter($0) } ?? text.endIndex
            let name = String(text[afterDollar..<nameEnd])
            if !name.isEmpty, let value = environment[name] {
                output += value
            } else {
                output += text[index..<nameEnd]
            }
            index = nameEnd
        }
        return output
    }
}
