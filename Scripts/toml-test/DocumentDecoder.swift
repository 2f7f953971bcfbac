// toml-test decoder for our TOMLDocument, compiled by Scripts/toml-test.sh together with
// Sources/TOMLDocument into one throwaway binary: never part of supportgate's build.
// Reads TOML file paths, one a line, on standard input; writes one JSON line per file:
//   {"file":…,"ok":true,"value":<toml-test's tagged JSON>}
//   {"file":…,"ok":false,"line":L,"column":C,"message":…}
import Foundation

func quoted(_ text: String) -> String {
    let data = try! JSONSerialization.data(withJSONObject: [text], options: [.fragmentsAllowed])
    let array = String(decoding: data, as: UTF8.self)
    return String(array.dropFirst().dropLast())
}

func tagged(_ type: String, _ value: String) -> String {
    "{\"type\":\(quoted(type)),\"value\":\(quoted(value))}"
}

func render(_ value: TOMLValue) -> String {
    switch value {
    case .string(let text): tagged("string", text)
    case .integer(let number): tagged("integer", String(number))
    case .float(let number):
        tagged("float", number.isNaN ? "nan" : number.isInfinite ? (number < 0 ? "-inf" : "inf") : "\(number)")
    case .boolean(let flag): tagged("bool", flag ? "true" : "false")
    case .offsetDateTime(let text): tagged("datetime", text)
    case .localDateTime(let text): tagged("datetime-local", text)
    case .localDate(let text): tagged("date-local", text)
    case .localTime(let text): tagged("time-local", text)
    case .array(let items): "[" + items.map { render($0.value) }.joined(separator: ",") + "]"
    case .table(let table): render(table)
    }
}

func render(_ table: TOMLTable) -> String {
    "{" + table.entries.map { "\(quoted($0.key)):\(render($0.node.value))" }.joined(separator: ",") + "}"
}

while let path = readLine() {
    let line: String
    do {
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        let table = try TOMLParser.parse(utf8: bytes)
        line = "{\"file\":\(quoted(path)),\"ok\":true,\"value\":\(render(table))}"
    } catch let error as TOMLParseError {
        line = "{\"file\":\(quoted(path)),\"ok\":false,\"line\":\(error.position.line),\"column\":\(error.position.column),\"message\":\(quoted(error.message))}"
    } catch {
        line = "{\"file\":\(quoted(path)),\"ok\":false,\"message\":\(quoted("\(error)"))}"
    }
    print(line)
}
