/// Validates and converts TOML integers and floats.
enum NumberLiteral {
    static func parse(_ text: String, at position: TOMLPosition) throws(TOMLParseError) -> TOMLValue {
        func failure(_ reason: String) -> TOMLParseError {
            TOMLParseError(message: "invalid number '\(text)': \(reason)", position: position)
        }
        let scalars = Array(text.unicodeScalars)
        var sign = ""
        var body = scalars[...]
        if let first = body.first, first == "+" || first == "-" {
            sign = String(first)
            body = body.dropFirst()
        }
        switch String(String.UnicodeScalarView(body)) {
        case "inf": return .float(sign == "-" ? -.infinity : .infinity)
        case "nan": return .float(sign == "-" ? -.nan : .nan)
        default: break
        }
        if let first = body.first, ("A"..."Z").contains(first) || ("a"..."z").contains(first) {
            throw TOMLParseError(
                message: "invalid value '\(text)'; strings must be quoted and booleans are 'true' or 'false'",
                position: position)
        }
        if body.count > 2, body.first == "0", let radix = radix(forPrefix: body[body.startIndex + 1]) {
            guard sign.isEmpty else {
                throw failure("a sign is only allowed on decimal numbers")
            }
            return .integer(try parseInteger(body.dropFirst(2), radix: radix, failure: failure))
        }
        if body.contains(where: { $0 == "." || $0 == "e" || $0 == "E" }) {
            return .float(try parseFloat(sign: sign, body, failure: failure))
        }
        if body.count > 1 && body.first == "0" {
            throw failure("leading zeros are not allowed")
        }
        return .integer(try parseInteger(body, radix: 10, sign: sign, failure: failure))
    }

    private static func radix(forPrefix scalar: Unicode.Scalar) -> Int? {
        switch scalar {
        case "x": 16
        case "o": 8
        case "b": 2
        default: nil
        }
    }

    private static func parseInteger(
        _ digits: ArraySlice<Unicode.Scalar>, radix: Int, sign: String = "",
        failure: (String) -> TOMLParseError
    ) throws(TOMLParseError) -> Int64 {
        let isDigit: (Unicode.Scalar) -> Bool = switch radix {
        case 16: ScalarClasses.isHexDigit
        case 8: { ("0"..."7").contains($0) }
        case 2: { $0 == "0" || $0 == "1" }
        default: ScalarClasses.isDecimalDigit
        }
        try validateDigitGroup(digits, isDigit: isDigit, failure: failure)
        let plain = sign + String(String.UnicodeScalarView(digits.filter { $0 != "_" }))
        guard let value = Int64(plain, radix: radix) else {
            throw failure("the integer does not fit in 64 bits")
        }
        return value
    }

    private static func parseFloat(
        sign: String, _ body: ArraySlice<Unicode.Scalar>, failure: (String) -> TOMLParseError
    ) throws(TOMLParseError) -> Double {
        let exponentIndex = body.firstIndex { $0 == "e" || $0 == "E" }
        let mantissa = body[..<(exponentIndex ?? body.endIndex)]
        let dotIndex = mantissa.firstIndex(of: ".")
        let integerPart = mantissa[..<(dotIndex ?? mantissa.endIndex)]
        try validateDigitGroup(integerPart, isDigit: ScalarClasses.isDecimalDigit, failure: failure)
        if integerPart.count > 1 && integerPart.first == "0" {
            throw failure("leading zeros are not allowed")
        }
        if let dotIndex {
            let fraction = mantissa[(dotIndex + 1)...]
            guard !fraction.isEmpty else { throw failure("expected digits after '.'") }
            try validateDigitGroup(fraction, isDigit: ScalarClasses.isDecimalDigit, failure: failure)
        }
        if let exponentIndex {
            var exponent = body[(exponentIndex + 1)...]
            if let first = exponent.first, first == "+" || first == "-" {
                exponent = exponent.dropFirst()
            }
            guard !exponent.isEmpty else { throw failure("expected digits in the exponent") }
            try validateDigitGroup(exponent, isDigit: ScalarClasses.isDecimalDigit, failure: failure)
        }
        let plain = sign + String(String.UnicodeScalarView(body.filter { $0 != "_" }))
        guard let value = Double(plain), value.isFinite else {
            throw failure("the value is out of range for a 64-bit float")
        }
        return value
    }

    /// Digits with single underscores allowed only between two digits.
    private static func validateDigitGroup(
        _ digits: ArraySlice<Unicode.Scalar>, isDigit: (Unicode.Scalar) -> Bool,
        failure: (String) -> TOMLParseError
    ) throws(TOMLParseError) {
        guard let first = digits.first, let last = digits.last else {
            throw failure("expected digits")
        }
        var previous: Unicode.Scalar?
        for scalar in digits {
            if scalar == "_" {
                guard previous != nil, previous != "_" else {
                    throw failure("underscores must be between digits")
                }
            } else if !isDigit(scalar) {
                throw failure("unexpected \(ScalarClasses.describe(scalar))")
            }
            previous = scalar
        }
        if first == "_" || last == "_" {
            throw failure("underscores must be between digits")
        }
    }
}
