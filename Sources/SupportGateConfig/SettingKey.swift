import TOMLDocument

/// One key of `supportgate.toml`: its name, type, allowed values, default and one-line doc,
/// and how it is read into, and shown from, a `GateConfiguration`. `SettingsTable` lists
/// them all; parsing, the unknown-key check, the defaults, the hashed canonical settings,
/// `config show` and docs/configuration.md all work from that list.
public struct SettingKey {
    public enum Kind {
        case integer(ClosedRange<Int64>)
        case boolean
        /// A file path; a relative one is taken from the configuration file's folder.
        case path
        /// Free text checked by the key itself (a URL); `allowed` says what it takes.
        case text(allowed: String)
        /// One of a fixed set of words, read into an enum.
        case choice([String])
        /// A calendar key, read with the calendars: its TOML type and what it takes, in words.
        case calendar(type: String, allowed: String)
    }

    /// Dotted, as written in the file ("spool.batchSize"); `<name>` stands for a table name
    /// the file chooses ("calendars.<name>.timeZone").
    public let name: String
    public let kind: Kind
    public let doc: String
    /// Part of the canonical decision settings, so of `configRevision`.
    public let decides: Bool
    /// The default as the reference shows it; nil when it is the configuration's own value
    /// shown by `show` (most keys).
    let defaultNote: String?
    let applyDefault: (inout GateConfiguration) -> Void
    /// Reads the key's entry; nil for the calendar keys, which `CalendarSettingsParser` reads.
    let read: ((TOMLEntry, inout GateConfiguration, inout TOMLSettingsReader, _ baseDirectory: String) -> Void)?
    /// The effective value as TOML text; nil when the key is unset.
    public let show: (GateConfiguration) -> String?

    /// The section the key belongs to ("" for the top level) and its last segment.
    var section: String {
        guard let dot = name.lastIndex(of: ".") else { return "" }
        return String(name[..<dot])
    }

    var leaf: String {
        guard let dot = name.lastIndex(of: ".") else { return name }
        return String(name[name.index(after: dot)...])
    }

    /// The default as TOML text, for the reference.
    public var defaultText: String {
        defaultNote ?? show(GateConfiguration.defaults()) ?? "not set"
    }
}

extension SettingKey {
    /// `below`: the message for a value under the range, when it must say more than the range.
    static func integer<Value: FixedWidthInteger>(
        _ name: String, _ path: WritableKeyPath<GateConfiguration, Value>, _ range: ClosedRange<Int64>, default value: Value,
        decides: Bool = false, doc: String, below: ((Int64) -> String)? = nil
    ) -> SettingKey {
        SettingKey(name: name, kind: .integer(range), doc: doc, decides: decides, defaultNote: nil,
                   applyDefault: { $0[keyPath: path] = value },
                   read: { entry, configuration, reader, _ in
                       if let below, case .integer(let number) = entry.node.value, number < range.lowerBound {
                           reader.fail(entry.node.position, name, below(number))
                       } else if let number = reader.integer(entry, name, range: range), let typed = Value(exactly: number) {
                           configuration[keyPath: path] = typed
                       }
                   },
                   show: { String($0[keyPath: path]) })
    }

    static func boolean(_ name: String, _ path: WritableKeyPath<GateConfiguration, Bool>, default value: Bool, decides: Bool = false,
                        doc: String) -> SettingKey {
        SettingKey(name: name, kind: .boolean, doc: doc, decides: decides, defaultNote: nil,
                   applyDefault: { $0[keyPath: path] = value },
                   read: { entry, configuration, reader, _ in
                       if let flag = reader.bool(entry, name) { configuration[keyPath: path] = flag }
                   },
                   show: { String($0[keyPath: path]) })
    }

    /// `check` returns what is wrong with a given path, nil when it is good.
    static func path(_ name: String, _ path: WritableKeyPath<GateConfiguration, String>, default value: String, doc: String,
                     defaultNote: String? = nil, check: @escaping (String) -> String?) -> SettingKey {
        SettingKey(name: name, kind: .path, doc: doc, decides: false, defaultNote: defaultNote,
                   applyDefault: { $0[keyPath: path] = value },
                   read: { entry, configuration, reader, base in
                       if let resolved = readPath(name, entry, &reader, base, check: check) { configuration[keyPath: path] = resolved }
                   },
                   show: { quoted($0[keyPath: path]) })
    }

    static func optionalPath(_ name: String, _ path: WritableKeyPath<GateConfiguration, String?>, doc: String,
                             check: @escaping (String) -> String?) -> SettingKey {
        SettingKey(name: name, kind: .path, doc: doc, decides: false, defaultNote: nil,
                   applyDefault: { $0[keyPath: path] = nil },
                   read: { entry, configuration, reader, base in
                       if let resolved = readPath(name, entry, &reader, base, check: check) { configuration[keyPath: path] = resolved }
                   },
                   show: { $0[keyPath: path].map(quoted) })
    }

    /// A path key's text, its problem (if `check` finds one) reported at the value, resolved
    /// against the configuration file's folder; nil when the value is not text.
    private static func readPath(_ name: String, _ entry: TOMLEntry, _ reader: inout TOMLSettingsReader, _ base: String,
                                 check: (String) -> String?) -> String? {
        guard let text = reader.string(entry, name) else { return nil }
        if let problem = check(text) { reader.fail(entry.node.position, name, problem) }
        return ConfigurationParser.resolve(text, against: base)
    }

    static func text(_ name: String, _ path: WritableKeyPath<GateConfiguration, String?>, allowed: String, doc: String,
                     check: @escaping (String) -> String?) -> SettingKey {
        SettingKey(name: name, kind: .text(allowed: allowed), doc: doc, decides: false, defaultNote: nil,
                   applyDefault: { $0[keyPath: path] = nil },
                   read: { entry, configuration, reader, _ in
                       guard let text = reader.string(entry, name) else { return }
                       if let problem = check(text) { reader.fail(entry.node.position, name, problem) }
                       configuration[keyPath: path] = text
                   },
                   show: { $0[keyPath: path].map(quoted) })
    }

    /// A system user's name (resolved when the configuration loads, not here); "" for none.
    static func userName(_ name: String, _ path: WritableKeyPath<GateConfiguration, String>, default value: String, doc: String) -> SettingKey {
        SettingKey(name: name, kind: .text(allowed: "a user name, or \"\" for none"), doc: doc, decides: false, defaultNote: nil,
                   applyDefault: { $0[keyPath: path] = value },
                   read: { entry, configuration, reader, _ in
                       guard let text = reader.string(entry, name) else { return }
                       let allowed = text.utf8.count <= 32 && text.unicodeScalars.allSatisfy {
                           $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || "_.-".unicodeScalars.contains($0))
                       } && !text.hasPrefix("-")
                       if !allowed { reader.fail(entry.node.position, name, "is not a user name: letters, digits, \"_\", \".\" and \"-\" (not first), at most 32; \"\" for none") }
                       configuration[keyPath: path] = text
                   },
                   show: { quoted($0[keyPath: path]) })
    }

    static func choice<Choice: RawRepresentable & CaseIterable>(
        _ name: String, _ path: WritableKeyPath<GateConfiguration, Choice>, default value: Choice, doc: String
    ) -> SettingKey where Choice.RawValue == String {
        let words = Choice.allCases.map(\.rawValue)
        return SettingKey(name: name, kind: .choice(words), doc: doc, decides: false, defaultNote: nil,
                          applyDefault: { $0[keyPath: path] = value },
                          read: { entry, configuration, reader, _ in
                              if let word = reader.choice(entry, name, among: words), let chosen = Choice(rawValue: word) {
                                  configuration[keyPath: path] = chosen
                              }
                          },
                          show: { quoted($0[keyPath: path].rawValue) })
    }

    /// A calendar key: read, defaulted and shown with the calendars (`CalendarSettingsParser`,
    /// `SettingsDocument`).
    static func calendar(_ name: String, type: String, allowed: String, default note: String, doc: String,
                         applyDefault: @escaping (inout GateConfiguration) -> Void = { _ in }) -> SettingKey {
        SettingKey(name: name, kind: .calendar(type: type, allowed: allowed), doc: doc, decides: true, defaultNote: note,
                   applyDefault: applyDefault, read: nil, show: { _ in nil })
    }

    /// A TOML basic string.
    static func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F {
                    let hex = String(scalar.value, radix: 16, uppercase: true)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }
}
