import SupportGateCore
import TOMLDocument

/// `supportgate.toml` text in, `GateConfiguration` out, or every problem found
/// with its line and key. Pure: the loader does the reading. What each key is, and
/// its default, is in `SettingsTable`.
public enum ConfigurationParser {
    /// - Parameters:
    ///   - baseDirectory: relative paths in the file are taken from here (the file's folder).
    ///   - directoryOverride: `--directory`; then the file need not name one.
    public static func parse(_ text: String, file: String, baseDirectory: String, directoryOverride: String? = nil) -> Result<GateConfiguration, ConfigurationError> {
        let document: TOMLTable
        do {
            document = try TOMLParser.parse(text)
        } catch {
            return .failure(ConfigurationError(ConfigurationProblem(file: file, position: FilePosition(error.position), message: error.message)))
        }
        var reader = TOMLSettingsReader(file: file)
        var configuration = GateConfiguration.defaults()
        configuration.sourcePath = file
        let keys = SettingsTable.keys
        for section in sections(of: keys) {
            let table: TOMLTable
            if section.isEmpty {
                table = document
            } else if let found = nestedTable(document, section, reader: &reader) {
                table = found
            } else {
                continue
            }
            reader.checkKeys(table, prefix: section, allowed: SettingsTable.allowedKeys(under: section, in: keys))
            for key in keys where key.section == section {
                guard let read = key.read, let entry = table[key.leaf] else { continue }
                read(entry, &configuration, &reader, baseDirectory)
            }
            if section.isEmpty, document["directory"] == nil, directoryOverride == nil {
                reader.fail(document.position, "directory", "is missing; give the path of the tenant directory, e.g. directory = \"\(GateConfiguration.defaultDirectoryPath)\"")
            }
        }
        if case .table(let ledger)? = document["ledger"]?.node.value, ledger["path"] != nil,
           let url = ledger["url"], case .string(let text) = url.node.value, text.hasPrefix("postgresql://") || text.hasPrefix("postgres://") {
            reader.fail(url.node.position, "ledger.url", "and ledger.path are both given; the ledger is either the SQLite file or the PostgreSQL database")
        }
        CalendarSettingsParser.parse(document, into: &configuration.policy, reader: &reader)
        if let directoryOverride {
            configuration.directoryPath = directoryOverride
        }

        guard reader.problems.isEmpty else {
            return .failure(ConfigurationError(problems: reader.problems))
        }
        configuration.canonicalDecisionSettings = CanonicalSettings.render(configuration)
        return .success(configuration)
    }

    /// The tables the generic reader walks, in the table's order: the top level, then each
    /// `[section]` of fixed keys. `[calendars.<name>]` is the calendar parser's.
    static func sections(of keys: [SettingKey]) -> [String] {
        var sections: [String] = []
        for key in keys where !key.section.contains("<") && !sections.contains(key.section) {
            sections.append(key.section)
        }
        return sections
    }

    /// `[a.b.c]` walked a segment at a time (`forward.endpoints.public`); the tables on the
    /// way are checked for unknown keys too (an unknown cloud under `forward.endpoints`).
    private static func nestedTable(_ document: TOMLTable, _ section: String, reader: inout TOMLSettingsReader) -> TOMLTable? {
        let segments = section.split(separator: ".").map(String.init)
        var table = document
        var prefix = ""
        for (index, segment) in segments.enumerated() {
            guard let child = reader.table(table, segment, prefix: prefix) else { return nil }
            prefix = TOMLSettingsReader.join(prefix, segment)
            // A middle table holding only sub-tables has no keys row of its own: check it here, once.
            if index > 0, index < segments.count - 1, !reader.checked.contains(prefix) {
                reader.checked.insert(prefix)
                reader.checkKeys(child, prefix: prefix, allowed: SettingsTable.allowedKeys(under: prefix))
            }
            table = child
        }
        return table
    }

    static func resolve(_ path: String, against base: String) -> String {
        if path.hasPrefix("/") || base.isEmpty { return path }
        return base.hasSuffix("/") ? base + path : base + "/" + path
    }
}
