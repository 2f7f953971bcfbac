/// One open array or object on the parser's explicit stack; the parser never
/// recurses, so hostile nesting cannot overflow the call stack.
struct ContainerFrame {
    let isObject: Bool
    /// Where this container's children begin in the parser's shared element or
    /// member stack (and, for objects, in the key-offset stack).
    let childBase: Int
    let keyOffsetBase: Int
    /// The key whose value is being parsed; cleared once the member is stored.
    var pendingKey: String?
    /// True while an array element is being parsed; used to build error pointers.
    var hasPendingElement = false
    /// Elements handed to the element sink instead of kept (`JSONParser.parseObject(_:streaming:)`).
    var streamed = 0
    /// Key -> offset of its opening quote, built once an object is too large for
    /// linear duplicate checks.
    var keyIndex: [ExactKey: Int]?

    init(isObject: Bool, childBase: Int, keyOffsetBase: Int) {
        self.isObject = isObject
        self.childBase = childBase
        self.keyOffsetBase = keyOffsetBase
    }
}
