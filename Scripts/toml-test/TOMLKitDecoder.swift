// toml-test decoder for TOMLKit 0.6.0 (toml++), built by Scripts/toml-test.sh in a throwaway
// package under /tmp: never part of supportgate's build. Reads TOML file paths, one a line, on
// standard input; writes one JSON line per file (see DocumentDecoder.swift for the form).
import Foundation
import TOMLKit

func quoted(_ text: String) -> String {
    let data = try! JSONSerialization.data(withJSONObject: [text], options: [.fragmentsAllowed])
    let array = String(decoding: data, as: UTF8.self)
    return String(array.dropFirst().dropLast())
}

func tagged(_ type: String, _ value: String) -> String {
    "{\"type\":\(quoted(type)),\"value\":\(quoted(value))}"
}

func two(_ number: Int) -> String { number < 10 ? "0\(number)" : "\(number)" }

func date(_ date: TOMLDate) -> String {
    String(format: "%04d-%02d-%02d", date.year, date.month, date.day)
}

func time(_ time: TOMLTime) -> String {
    "\(two(time.hour)):\(two(time.minute)):\(two(time.second))" + String(format: ".%09d", time.nanoSecond)
}

func render(_ value: any TOMLValueConvertible) -> String {
    switch value.type {
    case .bool: return tagged("bool", value.bool! ? "true" : "false")
    case .int: return tagged("integer", String(value.int!))
    case .double:
        let number = value.double!
        let text = number.isNaN ? "nan" : number.isInfinite ? (number < 0 ? "-inf" : "inf") : "\(number)"
        return tagged("float", text)
    case .string: return tagged("string", value.string!)
    case .date: return tagged("date-local", date(value.date!))
    case .time: return tagged("time-local", time(value.time!))
    case .dateTime:
        let dateTime = value.dateTime!
        let text = date(dateTime.date) + "T" + time(dateTime.time)
        guard let offset = dateTime.offset else { return tagged("datetime-local", text) }
        let sign = offset.offset < 0 ? "-" : "+"
        let minutes = abs(offset.offset)
        return tagged("datetime", text + sign + two(minutes / 60) + ":" + two(minutes % 60))
    case .array: return "[" + value.array!.map(render).joined(separator: ",") + "]"
    case .table: return render(value.table!)
    }
}

func render(_ table: TOMLTable) -> String {
    "{" + table.map { "\(quoted($0.0)):\(render($0.1))" }.joined(separator: ",") + "}"
}

while let path = readLine() {
    let line: String
    do {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        guard let text = String(data: data, encoding: .utf8) else { throw CocoaError(.fileReadInapplicableStringEncoding) }
        let table = try TOMLTable(string: text)
        line = "{\"file\":\(quoted(path)),\"ok\":true,\"value\":\(render(table))}"
    } catch let error as TOMLParseError {
        line = "{\"file\":\(quoted(path)),\"ok\":false,\"line\":\(error.source.begin.line),\"column\":\(error.source.begin.column),\"message\":\(quoted(error.description))}"
    } catch {
        line = "{\"file\":\(quoted(path)),\"ok\":false,\"message\":\(quoted("\(error)"))}"
    }
    print(line)
}
