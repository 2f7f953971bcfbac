import StrictJSON

/// The error `JSONParser.parse` throws for `text`, or nil if it parses.
func parseFailure(_ text: String, maxDepth: Int = JSONParser.defaultMaxDepth) -> JSONParseError? {
    do {
        _ = try JSONParser.parse(text, maxDepth: maxDepth)
        return nil
    } catch {
        return error
    }
}

/// The error `JSONParser.parse` throws for raw `bytes`, or nil if they parse.
func parseFailure(bytes: [UInt8]) -> JSONParseError? {
    do {
        _ = try JSONParser.parse(bytes)
        return nil
    } catch {
        return error
    }
}

func objectFailure(_ text: String) -> JSONParseError? {
    do {
        _ = try JSONParser.parseObject(Array(text.utf8))
        return nil
    } catch {
        return error
    }
}
