import Synchronization

/// A thread-safe count of the database statements a store's steps issued.
final class StatementCounter: Sendable {
    private let value = Atomic<Int>(0)

    /// Adds `count`.
    func add(_ count: Int) { value.add(count, ordering: .relaxed) }

    /// The count so far.
    var count: Int { value.load(ordering: .relaxed) }
}
