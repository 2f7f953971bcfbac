#if canImport(Glibc)
import Glibc
#endif
import SystemCalls

/// A whole small file, read into one buffer of its size (`fstat` first): `readAll` without a
/// size grows its buffer 64 KiB at a time, which for the forwarder's thousands of small
/// records and results cost more than the reads.
enum SizedRead {
    static func bytes(_ descriptor: Int32, limit: Int) throws(SystemCallError) -> BoundedRead {
        let size = Int(try SystemCall.fstat(descriptor).st_size)
        return try SystemCall.readAll(descriptor, limit: limit, expectedSize: size)
    }
}
