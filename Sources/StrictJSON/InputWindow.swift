#if canImport(Glibc)
import Glibc
#endif

/// The part of a streamed input a parser holds: a buffer refilled from a source, keeping the
/// bytes from the parser's last checkpoint on. It grows only when one value does not fit
/// (or an error is being confirmed), so memory follows the largest element, not the input.
/// Owned by one parser on one thread.
final class InputWindow {
    private(set) var storage: UnsafeMutableRawPointer
    private(set) var capacity: Int
    private(set) var filled = 0
    /// The source said there is nothing more.
    private(set) var atEnd = false
    /// Offset in the whole input of `storage[0]`.
    private(set) var start = 0
    /// Lines and columns of the input before `start`.
    private(set) var lines = LineCounter()
    /// A checkpoint with fewer bytes than this after it refills first.
    let lowWater: Int
    private let read: (UnsafeMutableRawBufferPointer) -> Int?

    init(capacity: Int, read: @escaping (UnsafeMutableRawBufferPointer) -> Int?) {
        self.capacity = max(capacity, 16)
        self.lowWater = self.capacity / 16
        self.storage = UnsafeMutableRawPointer.allocate(byteCount: self.capacity, alignment: 16)
        self.read = read
    }

    deinit { storage.deallocate() }

    /// Lets go of the first `count` bytes, counting their lines from `countingFrom` (after a
    /// byte order mark), and moves the rest to the front.
    func discard(_ count: Int, countingFrom: Int) {
        guard count > 0 else { return }
        let from = min(countingFrom, count)
        lines.advance(over: UnsafeRawBufferPointer(start: storage + from, count: count - from))
        memmove(storage, storage + count, filled - count)
        filled -= count
        start += count
    }

    /// Reads until the buffer is full or the source ends, first doubling the buffer when
    /// `grow` and less than half of it is free. False when the source failed.
    func fill(grow: Bool) -> Bool {
        if grow && capacity - filled < capacity / 2 {
            let larger = UnsafeMutableRawPointer.allocate(byteCount: capacity * 2, alignment: 16)
            larger.copyMemory(from: storage, byteCount: filled)
            storage.deallocate()
            storage = larger
            capacity *= 2
        }
        while !atEnd && filled < capacity {
            guard let count = read(UnsafeMutableRawBufferPointer(start: storage + filled, count: capacity - filled)) else { return false }
            precondition(count >= 0 && count <= capacity - filled, "a source read \(count) bytes into a buffer of \(capacity - filled)")
            if count == 0 { atEnd = true }
            filled += count
        }
        return true
    }
}
