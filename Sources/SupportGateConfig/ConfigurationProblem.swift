/// One problem in a configuration or directory file, located so a person can
/// go straight to it: file, line and column where known, and the key.
public struct ConfigurationProblem: Error, Sendable, Hashable, CustomStringConvertible {
    public let file: String
    public let position: FilePosition?
    /// Dotted TOML key ("sla.severityAMinutes") or JSON Pointer ("/partners/3/cloud").
    public let key: String?
    public let message: String

    public init(file: String, position: FilePosition? = nil, key: String? = nil, message: String) {
        self.file = file
        self.position = position
        self.key = key
        self.message = message
    }

    /// `file:line:column: key: message`, the form compilers use, so editors can jump to it.
    public var description: String {
        var text = file
        if let position {
            text += ":\(position.line):\(position.column)"
        }
        text += ": "
        if let key, !key.isEmpty {
            text += "\(key): "
        }
        return text + message
    }
}

/// Everything wrong with a configuration, reported together.
public struct ConfigurationError: Error, Sendable, CustomStringConvertible {
    public let problems: [ConfigurationProblem]

    public init(problems: [ConfigurationProblem]) {
        self.problems = problems
    }

    public init(_ problem: ConfigurationProblem) {
        self.problems = [problem]
    }

    public var description: String {
        problems.map(\.description).joined(separator: "\n")
    }
}
