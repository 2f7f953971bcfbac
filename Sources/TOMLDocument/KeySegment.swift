/// One part of a possibly dotted key, with where it appears in the source.
struct KeySegment {
    let name: String
    let position: TOMLPosition
}

extension Array where Element == String {
    /// A key path as it would be written in TOML. Parts that are not bare keys are
    /// single-quoted so the result reads well inside a double-quoted message.
    var dottedKeyDescription: String {
        map { name in
            let scalars = name.unicodeScalars
            if !name.isEmpty && scalars.allSatisfy(ScalarClasses.isBareKeyCharacter) {
                return name
            }
            if !scalars.contains("'") && !scalars.contains(where: ScalarClasses.isForbiddenControl) {
                return "'" + name + "'"
            }
            return "\"" + scalars.map { escapedForBasicString($0) }.joined() + "\""
        }
        .joined(separator: ".")
    }

    private func escapedForBasicString(_ scalar: Unicode.Scalar) -> String {
        switch scalar {
        case "\"": return "\\\""
        case "\\": return "\\\\"
        case "\n": return "\\n"
        case "\t": return "\\t"
        default:
            if ScalarClasses.isForbiddenControl(scalar) || scalar == "\r" {
                return "\\u" + ScalarClasses.hex(scalar.value, minimumDigits: 4)
            }
            return String(scalar)
        }
    }
}
