#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#elseif canImport(Musl)
import Musl
#endif

/// A pthread mutex in memory its owner allocates and frees, so that the lock shares a cache line with the data it
/// guards and taking it retains no object. The thread sanitizer understands it.
struct RawLock: @unchecked Sendable {
    /// Bytes the lock occupies.
    static var size: Int { MemoryLayout<pthread_mutex_t>.stride }

    private let mutex: UnsafeMutablePointer<pthread_mutex_t>

    /// Initialises a lock at `memory`, which must be aligned for a pointer and hold ``size`` bytes.
    init(at memory: UnsafeMutableRawPointer) {
        mutex = memory.bindMemory(to: pthread_mutex_t.self, capacity: 1)
        let result = pthread_mutex_init(mutex, nil)
        precondition(result == 0, "pthread_mutex_init failed: \(result)")
    }

    /// Destroys the lock; its memory stays the owner's.
    func destroy() {
        pthread_mutex_destroy(mutex)
    }

    /// Runs `body` holding the lock.
    @inline(__always)
    func withLock<R>(_ body: () throws -> R) rethrows -> R {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return try body()
    }
}
