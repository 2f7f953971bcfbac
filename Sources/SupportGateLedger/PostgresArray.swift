/// A one-dimensional PostgreSQL array in the binary form the server's `array_recv` reads:
/// one parameter carries a whole batch's column. Sent in binary, a batch's results need no
/// escaping here and no parsing there (their text form cost the server as much as writing
/// the rows). Every value is copied as it is: text is UTF-8, numbers are big-endian.
struct PostgresArray: Sendable, Hashable {
    /// The array type's oid, for `PQexecParams`.
    let typeOID: UInt32
    let bytes: [UInt8]

    init(text values: [String?]) {
        self.init(elementOID: 25, arrayOID: 1009, values) { value, bytes in bytes += value.utf8 }
    }

    init(text values: [String]) {
        self.init(text: values.map(Optional.some))
    }

    /// Text already encoded as UTF-8 (a result's JSON): copied, not decoded first.
    init(utf8 values: [[UInt8]]) {
        self.init(elementOID: 25, arrayOID: 1009, values.map(Optional.some)) { value, bytes in bytes += value }
    }

    init(bigint values: [Int64?]) {
        self.init(elementOID: 20, arrayOID: 1016, values) { value, bytes in Self.append(UInt64(bitPattern: value), byteCount: 8, to: &bytes) }
    }

    init(integer values: [Int32?]) {
        self.init(elementOID: 23, arrayOID: 1007, values) { value, bytes in Self.append(UInt64(UInt32(bitPattern: value)), byteCount: 4, to: &bytes) }
    }

    init(boolean values: [Bool]) {
        self.init(elementOID: 16, arrayOID: 1000, values.map(Optional.some)) { value, bytes in bytes.append(value ? 1 : 0) }
    }

    /// Header: dimensions (0 for an empty array), has-NULL flag, element oid, then per
    /// dimension its length and lower bound (1); then each element as its length (-1 for
    /// NULL) and its bytes.
    private init<Element>(elementOID: UInt32, arrayOID: UInt32, _ values: [Element?], _ encode: (Element, inout [UInt8]) -> Void) {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(20 + values.count * 40)
        Self.append(values.isEmpty ? 0 : 1, to: &bytes)
        Self.append(values.contains { $0 == nil } ? 1 : 0, to: &bytes)
        Self.append(elementOID, to: &bytes)
        if !values.isEmpty {
            Self.append(UInt32(values.count), to: &bytes)
            Self.append(1, to: &bytes)
        }
        for value in values {
            guard let value else {
                Self.append(UInt32(bitPattern: -1), to: &bytes)
                continue
            }
            let lengthAt = bytes.count
            Self.append(0, to: &bytes)
            encode(value, &bytes)
            let length = UInt32(bytes.count - lengthAt - 4)
            for shift in 0..<4 { bytes[lengthAt + shift] = UInt8(truncatingIfNeeded: length >> (24 - 8 * shift)) }
        }
        self.typeOID = arrayOID
        self.bytes = bytes
    }

    private static func append(_ value: UInt32, to bytes: inout [UInt8]) {
        append(UInt64(value), byteCount: 4, to: &bytes)
    }

    private static func append(_ value: UInt64, byteCount: Int, to bytes: inout [UInt8]) {
        for index in (0..<byteCount).reversed() { bytes.append(UInt8(truncatingIfNeeded: value >> (8 * index))) }
    }
}
