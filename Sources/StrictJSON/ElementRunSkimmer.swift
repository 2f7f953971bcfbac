#if canImport(Glibc)
import Glibc
#endif
import Dispatch

/// Skims a run of a streamed array's elements on a second thread while the parser reads the
/// elements before them (`JSONParser.parse(reading:…, runs:)`). The parser picks where a run
/// may start from `guessElementStart`, a guess it checks: it takes the run only when its own
/// parse arrives at exactly that byte as the start of an element of the array, so a wrong
/// guess costs the work, never the outcome. Everything the run skims must be what `skim`
/// would take of the same bytes, one element at a time.
///
/// The parser calls `skimRun` on its second thread, and every other method on its own, never
/// at the same time as `skimRun`: a conforming type may keep the run's state unguarded.
public protocol ElementRunSkimmer: AnyObject, Sendable {
    /// The key of the top-level array whose elements it skims.
    var key: String { get }
    /// Where in `bytes` (part of the array's elements, from an element's start on) another
    /// element may begin: the offset of its first byte, or nil.
    func guessElementStart(in bytes: UnsafeRawBufferPointer) -> Int?
    /// On the parser's second thread: skims elements from the start of `bytes` (the first
    /// byte of one), each followed by a comma and whitespace before the next, as many as it
    /// can; their count and the length up to the end of the last (0 and 0 for none).
    func skimRun(_ bytes: UnsafeRawBufferPointer) -> (count: Int, length: Int)
    /// The parse arrived at the run's start: its elements come next in the document. False
    /// when they cannot be taken (then the parser reads them itself).
    func adoptRun() -> Bool
    /// The run will not be used.
    func discardRun()
}

/// The parser's second thread for `ElementRunSkimmer` runs: one run at a time.
//
// @unchecked Sendable: `bytes` and `result` are written by one side and read by the other
// only across a semaphore: the parser sets `bytes` before `work.signal()`, the thread sets
// `result` before `done.signal()`, and the parser reads `result` after `done.wait()`. The
// window's bytes stay unchanged while a run is out (the parser waits for it before it
// refills, rewinds or returns).
final class RunHelper: @unchecked Sendable {
    let skimmer: any ElementRunSkimmer
    private let work = DispatchSemaphore(value: 0)
    private let done = DispatchSemaphore(value: 0)
    private var bytes = UnsafeRawBufferPointer(start: nil, count: 0)
    private var result = (count: 0, length: 0)
    private var stopping = false
    private var started = false

    init(skimmer: any ElementRunSkimmer) {
        self.skimmer = skimmer
    }

    /// Starts a run over `bytes`, on the thread (started the first time); false when no
    /// thread could be started (then the parser reads on alone).
    func start(_ bytes: UnsafeRawBufferPointer) -> Bool {
        self.bytes = bytes
        if !started {
            guard Self.startThread({ [self] in
                while true {
                    work.wait()
                    if stopping { break }
                    result = skimmer.skimRun(self.bytes)
                    done.signal()
                }
                done.signal()
            }) else { return false }
            started = true
        }
        work.signal()
        return true
    }

    /// Waits for the run started last.
    func wait() -> (count: Int, length: Int) {
        done.wait()
        return result
    }

    /// Ends the thread; no run may be out.
    func stop() {
        guard started else { return }
        stopping = true
        work.signal()
        done.wait()
        started = false
    }

    /// A POSIX thread of its own: this module has no Foundation.
    private static func startThread(_ body: @escaping @Sendable () -> Void) -> Bool {
        final class Body: Sendable {
            let run: @Sendable () -> Void
            init(_ run: @escaping @Sendable () -> Void) { self.run = run }
        }
        let context = Unmanaged.passRetained(Body(body)).toOpaque()
        var thread = pthread_t()
        let created = pthread_create(&thread, nil, { context in
            Unmanaged<Body>.fromOpaque(context!).takeRetainedValue().run()
            return nil
        }, context)
        guard created == 0 else {
            Unmanaged<Body>.fromOpaque(context).release()
            return false
        }
        pthread_detach(thread)
        return true
    }
}
