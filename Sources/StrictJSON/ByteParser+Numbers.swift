extension ByteParser {
    /// Parses `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?` at `position`.
    mutating func parseNumber() throws(JSONParseError) -> JSONNumber {
        let start = position
        // The only value not closed by a byte of its own: when it runs to the end of a
        // streamed window, its next bytes may be the next read's.
        if let window, !window.atEnd {
            var end = start
            while end < count && isNumberByte(byte(end)) { end += 1 }
            if end == count { throw unexpectedEnd(expected: "the rest of the number") }
        }
        var index = start
        if byte(index) == ASCII.minus {
            index += 1
        }
        guard index < count, ASCII.isDigit(byte(index)) else { throw invalidNumber(at: start) }
        if byte(index) == ASCII.zero {
            index += 1
            if index < count && ASCII.isDigit(byte(index)) { throw invalidNumber(at: start) }
        } else {
            index = digitsEnd(from: index)
        }
        if index < count && byte(index) == ASCII.period {
            index += 1
            guard index < count, ASCII.isDigit(byte(index)) else { throw invalidNumber(at: start) }
            index = digitsEnd(from: index)
        }
        if index < count && (byte(index) == ASCII.lowerE || byte(index) == ASCII.upperE) {
            index += 1
            if index < count && (byte(index) == ASCII.plus || byte(index) == ASCII.minus) {
                index += 1
            }
            guard index < count, ASCII.isDigit(byte(index)) else { throw invalidNumber(at: start) }
            index = digitsEnd(from: index)
        }
        // "1.2.3" or "1e5e2" would otherwise surface as a confusing unexpected '.' or 'e'.
        if index < count, isNumberByte(byte(index)) {
            throw invalidNumber(at: start)
        }
        position = index
        return JSONNumber(validatedText: String(decoding: bytes(start..<index), as: UTF8.self))
    }

    @inline(__always)
    private func digitsEnd(from start: Int) -> Int {
        var index = start
        while index < count && ASCII.isDigit(byte(index)) {
            index += 1
        }
        return index
    }

    func isNumberByte(_ byte: UInt8) -> Bool {
        ASCII.isDigit(byte) || byte == ASCII.period || byte == ASCII.plus || byte == ASCII.minus
            || byte == ASCII.lowerE || byte == ASCII.upperE
    }

    /// Why the number-like text starting at `start` is not a JSON number.
    func numberProblem(_ text: String) -> String {
        let body = text.hasPrefix("-") ? Substring(text.dropFirst()) : Substring(text)
        if text.hasPrefix("+") { return "numbers must not start with '+'" }
        if body.isEmpty { return "a digit must follow '-'" }
        if body.hasPrefix(".") { return "a digit is required before the decimal point" }
        if !(body.first.map { $0.isASCII && $0.isNumber } ?? false) { return "a digit must follow '-'" }
        if body.count > 1, body.hasPrefix("0"), body.dropFirst().first?.isNumber == true {
            return "leading zeros are not allowed"
        }
        let scanned = body.prefix { $0.isNumber }
        let rest = body.dropFirst(scanned.count)
        if rest.hasPrefix(".") {
            let fraction = rest.dropFirst().prefix { $0.isNumber }
            if fraction.isEmpty { return "at least one digit is required after the decimal point" }
            if rest.dropFirst(1 + fraction.count).hasPrefix(".") { return "a number can have only one decimal point" }
        }
        if let exponent = rest.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            let afterE = rest[rest.index(after: exponent)...]
            let digits = afterE.drop { $0 == "+" || $0 == "-" }
            if digits.first?.isNumber != true || afterE.count - digits.count > 1 {
                return "the exponent needs an optional sign followed by at least one digit"
            }
        }
        return "it does not match the JSON number format"
    }
}
