import NIOConcurrencyHelpers

/// A value behind a lock, shareable across tasks.
///
/// The lock is a pthread mutex (`NIOLock`), which the thread sanitizer understands; on Linux it does not see the
/// hand-over of a contended `Synchronization.Mutex` and reports races that are not there.
package final class LockedValue<Value: Sendable>: @unchecked Sendable {
    private let lock = NIOLock()
    private let storage: UnsafeMutablePointer<Value>

    package init(_ value: Value) {
        storage = .allocate(capacity: 1)
        storage.initialize(to: value)
    }

    deinit {
        storage.deinitialize(count: 1)
        storage.deallocate()
    }

    package func withLock<R, E: Error>(_ body: (inout Value) throws(E) -> R) throws(E) -> R {
        lock.lock()
        defer { lock.unlock() }
        return try body(&storage.pointee)
    }
}
