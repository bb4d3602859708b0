#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// Reads `config.toml` and `notifiers.d/*.toml` from a configuration directory.
public struct ConfigurationLoader: Sendable {
    /// The main file's name inside the configuration directory.
    public static let mainFileName = "config.toml"
    /// The drop-in folder's name inside the configuration directory.
    public static let dropInDirectoryName = "notifiers.d"

    /// The configuration directory.
    public var directory: String
    /// The environment `${VAR}` references are expanded from.
    public var environment: [String: String]
    /// The probe kinds and notifier types that may be named.
    public var kinds: ConfigurationKinds

    /// Creates a loader.
    public init(directory: String, environment: [String: String], kinds: ConfigurationKinds) {
        self.directory = directory
        self.environment = environment
        self.kinds = kinds
    }

    /// The path of `config.toml`.
    public var mainFilePath: String { PathString.join(directory, Self.mainFileName) }
    /// The path of `notifiers.d/`.
    public var dropInDirectoryPath: String {
        PathString.join(directory, Self.dropInDirectoryName)
    }

    /// Reads and validates everything, collecting every error of every file.
    ///
    /// A drop-in with an error is left out of the configuration; the result's
    /// ``ConfigurationLoadResult/configuration`` is `nil` on any error (what `config check`
    /// judges by), while ``ConfigurationLoadResult/withoutBrokenDropIns()`` gives the other
    /// channels when every error is in `notifiers.d/` (what `run` and `check` use).
    public func load() -> ConfigurationLoadResult {
        var diagnostics = DiagnosticCollector()
        var files: [String] = []
        var probes: [ProbeConfiguration] = []

        let rootSchemaKeys = ["daemon", "probe"]
        var daemonTable = TOMLTable()
        var daemonLocation = SourceLocation(line: 1, column: 1)
        var decoder = SchemaDecoder(
            file: mainFilePath, tableName: "[daemon]", environment: environment, baseDirectory: directory)
        if let root = parseFile(mainFilePath, diagnostics: &diagnostics) {
            files.append(mainFilePath)
            for entry in root.entries where !rootSchemaKeys.contains(entry.key) {
                var message = "unknown key \"\(entry.key)\" at the top of \(Self.mainFileName)"
                if let near = KeySuggestion.nearest(to: entry.key, in: rootSchemaKeys) {
                    message += "; did you mean \"[\(near)]\"?"
                } else {
                    message += " (expected [daemon] or [probe.NAME]; notifiers go in \(Self.dropInDirectoryName)/)"
                }
                diagnostics.error(message, file: mainFilePath, at: entry.keyLocation)
            }
            if let entry = root.entry("daemon") {
                if case .table(let table) = entry.node.value {
                    daemonTable = table
                    daemonLocation = entry.keyLocation
                } else {
                    diagnostics.error("\"daemon\" must be a table", file: mainFilePath, at: entry.node.location)
                }
            }
            if let entry = root.entry("probe") {
                if case .table(let table) = entry.node.value {
                    probes = decodeProbes(table, diagnostics: &diagnostics)
                } else {
                    diagnostics.error(
                        "\"probe\" must be a table of [probe.NAME] tables", file: mainFilePath, at: entry.node.location)
                }
            }
        }
        let daemonSection = decoder.decode(
            daemonTable, schema: DaemonSettings.schema, path: "daemon", location: daemonLocation,
            diagnostics: &diagnostics)
        warnIfReadable(mainFilePath, decoder: decoder, diagnostics: &diagnostics)
        if daemonSection.bool("discover") ?? true {
            probes += discoverProbes(besides: probes, diagnostics: &diagnostics)
        }

        var dropInRedactor = Redactor()
        let dropIns = loadDropIns(probeNames: probes.map(\.name), dropIns: &dropInRedactor, diagnostics: &diagnostics)
        var notifiers = dropIns.notifiers
        files += dropIns.files
        // The default channels stand in only when there is no drop-in at all: one that is broken
        // still says where alerts should go.
        if dropIns.candidates.isEmpty, let defaults = kinds.defaultNotifiers {
            notifiers = decodeDefaultNotifiers(defaults(environment), diagnostics: &diagnostics)
        }

        let ordered = Self.ordered(diagnostics.diagnostics)
        var configuration = Configuration(
            daemon: DaemonSettings(section: daemonSection), daemonSection: daemonSection, probes: probes,
            notifiers: notifiers, files: files, disabledFiles: dropIns.disabled)
        configuration.brokenDropIns = ordered.filter {
            $0.severity == .error && ($0.file == dropInDirectoryPath || dropIns.candidates.contains($0.file))
        }
        // Output from here on hides these secrets, even when the configuration is refused.
        Redactor.learn(configuration.redactor.merging(dropInRedactor))
        return ConfigurationLoadResult(
            configuration: diagnostics.hasErrors ? nil : configuration, diagnostics: ordered,
            partial: configuration)
    }

    private func parseFile(
        _ path: String, role: String = "file", diagnostics: inout DiagnosticCollector
    ) -> TOMLTable? {
        switch ConfigFileAccess.file(path) {
        case .missing: return nil
        case .unusable(let reason):
            diagnostics.error("\(role) \(reason)", file: path, at: SourceLocation(line: 1, column: 1))
            return nil
        case .readable: break
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            diagnostics.error("cannot read file", file: path, at: SourceLocation(line: 1, column: 1))
            return nil
        }
        guard let text = String(data: data, encoding: .utf8) else {
            let location = UTF8Validation.firstInvalidLocation(in: data) ?? SourceLocation(line: 1, column: 1)
            diagnostics.error("file is not valid UTF-8", file: path, at: location)
            return nil
        }
        do {
            return try TOMLParser.parse(text)
        } catch {
            diagnostics.error(error.message, file: path, at: error.location)
            return nil
        }
    }

    private func decodeProbes(_ table: TOMLTable, diagnostics: inout DiagnosticCollector) -> [ProbeConfiguration] {
        var probes: [ProbeConfiguration] = []
        for entry in table.entries {
            guard case .table(let probeTable) = entry.node.value else {
                diagnostics.error(
                    "\"probe.\(entry.key)\" must be a table: write [probe.\(entry.key)]", file: mainFilePath,
                    at: entry.keyLocation)
                continue
            }
            guard Self.isValidName(entry.key) else {
                diagnostics.error(
                    "invalid probe name \"\(entry.key)\": use letters, digits, \"-\", \"_\" and \".\"",
                    file: mainFilePath, at: entry.keyLocation)
                continue
            }
            var schema = ProbeConfiguration.commonSchema
            if let typeNode = probeTable["type"], case .string(let type) = typeNode.value {
                if let kindSchema = kinds.probeKinds[type] {
                    schema = schema.merging(kindSchema)
                } else {
                    diagnostics.error(
                        "unknown probe type \"\(type)\" in [probe.\(entry.key)]"
                            + Self.knownList(kinds.probeKinds.keys, near: type),
                        file: mainFilePath, at: typeNode.location)
                    continue
                }
            }
            var decoder = SchemaDecoder(
                file: mainFilePath, tableName: "[probe.\(entry.key)]", environment: environment,
                baseDirectory: directory)
            let section = decoder.decode(
                probeTable, schema: schema, path: "probe.\(entry.key)", location: entry.keyLocation,
                diagnostics: &diagnostics)
            probes.append(ProbeConfiguration(name: entry.key, section: section))
        }
        return probes
    }

    /// The probes of each kind that finds its own, when the configuration names none of it.
    private func discoverProbes(
        besides written: [ProbeConfiguration], diagnostics: inout DiagnosticCollector
    ) -> [ProbeConfiguration] {
        var found: [ProbeConfiguration] = []
        for (kind, discover) in kinds.probeDiscoveries.sorted(by: { $0.key < $1.key })
        where !written.contains(where: { $0.type == kind }) {
            guard let discovered = discover(environment), let kindSchema = kinds.probeKinds[kind] else { continue }
            let schema = ProbeConfiguration.commonSchema.merging(kindSchema)
            for table in discovered.tables
            where Self.isValidName(table.name) && !(written + found).contains(where: { $0.name == table.name }) {
                guard let parsed = try? TOMLParser.parse(table.toml) else { continue }
                var decoder = SchemaDecoder(
                    file: discovered.source, tableName: "[probe.\(table.name)] (discovered)", environment: [:],
                    baseDirectory: directory)
                let section = decoder.decode(
                    parsed, schema: schema, path: "probe.\(table.name)", location: SourceLocation(line: 1, column: 1),
                    diagnostics: &diagnostics)
                var probe = ProbeConfiguration(name: table.name, section: section)
                probe.discoveredFrom = discovered.source
                found.append(probe)
            }
        }
        return found
    }

    /// The default channels, decoded as drop-ins are.
    private func decodeDefaultNotifiers(
        _ defaults: [DefaultNotifier], diagnostics: inout DiagnosticCollector
    ) -> [NotifierConfiguration] {
        defaults.compactMap { notifier in
            guard let parsed = try? TOMLParser.parse(notifier.toml), let typeNode = parsed["type"],
                case .string(let type) = typeNode.value, let typeSchema = kinds.notifierSchema(for: type)
            else { return nil }
            let file = "(default: \(notifier.reason))"
            var decoder = SchemaDecoder(
                file: file, tableName: "default channel \(notifier.name)", environment: [:], baseDirectory: directory)
            var section = decoder.decode(
                parsed, schema: NotifierConfiguration.commonSchema.merging(typeSchema), path: notifier.name,
                location: SourceLocation(line: 1, column: 1), diagnostics: &diagnostics)
            section.path = notifier.name
            return NotifierConfiguration(name: notifier.name, file: file, section: section)
        }
    }

    /// What `notifiers.d/` held: the channels that load, the files read, those disabled, and
    /// every drop-in path found (or the folder itself, when it cannot be read).
    private struct DropIns {
        var notifiers: [NotifierConfiguration] = []
        var files: [String] = []
        var disabled: [String] = []
        var candidates: Set<String> = []
    }

    private func loadDropIns(
        probeNames: [String], dropIns: inout Redactor, diagnostics: inout DiagnosticCollector
    ) -> DropIns {
        let folder = dropInDirectoryPath
        // A folder that cannot be read still stands for channels: no default channel replaces them.
        let unreadable = DropIns(candidates: [folder])
        switch ConfigFileAccess.directory(folder) {
        case .missing: return DropIns()
        case .unusable(let reason):
            diagnostics.error(
                "\(Self.dropInDirectoryName) \(reason): its channels cannot be read", file: folder,
                at: SourceLocation(line: 1, column: 1))
            return unreadable
        case .readable: break
        }
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: folder)
        } catch {
            diagnostics.error(
                "\(Self.dropInDirectoryName) cannot be listed: its channels cannot be read", file: folder,
                at: SourceLocation(line: 1, column: 1))
            return unreadable
        }
        var notifiers: [NotifierConfiguration] = []
        var files: [String] = []
        var disabled: [String] = []
        var candidates: Set<String> = []
        var owners: [String: String] = [:]
        // Lexical order by bytes, as `ls` in the C locale and systemd's drop-ins sort.
        for fileName in names.filter({ $0.hasSuffix(".toml") && !$0.hasPrefix(".") }).sorted(by: {
            Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8))
        }) {
            let path = PathString.join(folder, fileName)
            candidates.insert(path)
            // Anything named *.toml that cannot be read is an error, never a channel quietly lost.
            guard let table = parseFile(path, role: "drop-in", diagnostics: &diagnostics) else { continue }
            files.append(path)
            let start = SourceLocation(line: 1, column: 1)
            if let enabled = table["enabled"], case .boolean(false) = enabled.value {
                disabled.append(path)
                continue
            }
            var schema = NotifierConfiguration.commonSchema
            if let typeNode = table["type"], case .string(let type) = typeNode.value {
                if let typeSchema = kinds.notifierSchema(for: type) {
                    schema = schema.merging(typeSchema)
                } else {
                    diagnostics.error(
                        "unknown notifier type \"\(type)\"" + Self.knownList(kinds.notifierTypes.keys, near: type)
                            + (kinds.externalNotifierHint?(type) ?? ""),
                        file: path, at: typeNode.location)
                    continue
                }
            }
            var decoder = SchemaDecoder(
                file: path, tableName: "drop-in \(fileName)", environment: environment, baseDirectory: directory)
            let stem = String(fileName.dropLast(".toml".count))
            let errorsBefore = diagnostics.errors.count
            var section = decoder.decode(table, schema: schema, path: stem, location: start, diagnostics: &diagnostics)
            dropIns = dropIns.merging(section.redactor)
            warnIfReadable(path, decoder: decoder, diagnostics: &diagnostics)
            let name = section.string("name") ?? stem
            section.path = name
            guard Self.isValidName(name) else {
                diagnostics.error(
                    "invalid notifier name \"\(name)\": use letters, digits, \"-\", \"_\" and \".\"", file: path,
                    at: section.locations["name"] ?? start)
                continue
            }
            if let other = owners[name] {
                diagnostics.error(
                    "notifier name \"\(name)\" is already used by \(other)", file: path,
                    at: section.locations["name"] ?? start)
                continue
            }
            owners[name] = path
            for probe in section.strings("probes") ?? [] where !probeNames.contains(probe) {
                diagnostics.error(
                    "\"probes\" names unknown probe \"\(probe)\"" + Self.knownList(probeNames, near: probe), file: path,
                    at: section.locations["probes"] ?? start)
            }
            if diagnostics.errors.count == errorsBefore {
                notifiers.append(NotifierConfiguration(name: name, file: path, section: section))
            }
        }
        return DropIns(notifiers: notifiers, files: files, disabled: disabled, candidates: candidates)
    }

    private func warnIfReadable(_ path: String, decoder: SchemaDecoder, diagnostics: inout DiagnosticCollector) {
        guard let first = decoder.literalSecretKeys.first, let mode = FilePermissions.mode(of: path), mode & 0o077 != 0
        else { return }
        var remedy = "chmod 600 it, or use ${VAR}"
        if let fileable = decoder.literalSecretStringKeys.first { remedy += " or \(fileable)_file" }
        diagnostics.warning(
            "file holds a secret (\"\(first)\") and is readable by group or others (mode \(String(mode & 0o777, radix: 8))); \(remedy)",
            file: path, at: SourceLocation(line: 1, column: 1))
    }

    /// Diagnostics grouped by file (in the order files were read), by position within a file.
    static func ordered(_ diagnostics: [ConfigDiagnostic]) -> [ConfigDiagnostic] {
        var fileOrder: [String: Int] = [:]
        for diagnostic in diagnostics where fileOrder[diagnostic.file] == nil {
            fileOrder[diagnostic.file] = fileOrder.count
        }
        return diagnostics.enumerated().sorted { a, b in
            let (fa, fb) = (fileOrder[a.element.file]!, fileOrder[b.element.file]!)
            if fa != fb { return fa < fb }
            if a.element.location != b.element.location { return a.element.location < b.element.location }
            return a.offset < b.offset
        }.map(\.element)
    }

    static func isValidName(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, first.isASCIILetter || ("0"..."9").contains(first) else {
            return false
        }
        return name.unicodeScalars.allSatisfy {
            $0.isASCIILetter || ("0"..."9").contains($0) || "-_.".unicodeScalars.contains($0)
        }
    }

    static func knownList(_ names: some Sequence<String>, near value: String) -> String {
        let sorted = names.sorted()
        var text = sorted.isEmpty ? " (none are available)" : " (known: \(sorted.joined(separator: ", ")))"
        if let near = KeySuggestion.nearest(to: value, in: sorted) { text += "; did you mean \"\(near)\"?" }
        return text
    }
}

extension Unicode.Scalar {
    fileprivate var isASCIILetter: Bool { ("a"..."z").contains(self) || ("A"..."Z").contains(self) }
}
