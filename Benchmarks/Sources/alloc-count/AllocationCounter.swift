import MallocInterposerSwift

/// Counts the heap allocations (`malloc`, `calloc`, `realloc`, `posix_memalign`, …) of a block of work, using
/// ordo-one's malloc interposer (linked into this executable, so it replaces the C library's allocator).
enum AllocationCounter {
    /// Allocations made while `body` ran (by every thread: only the measured work runs meanwhile).
    static func count(_ body: () async -> Void) async -> Int {
        MallocInterposerSwift.reset()
        MallocInterposerSwift.hook()
        await body()
        MallocInterposerSwift.unhook()
        return MallocInterposerSwift.getStatistics().mallocCount
    }
}
