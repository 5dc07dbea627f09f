import Synchronization

/// Hands out token indexes in a ring, shared by all tasks: a token comes back only after every other token
/// of the ring was handed out, so with a ring longer than the cache every verification is a cache miss.
public final class TokenCursor: Sendable {
    private let position = Atomic<Int>(0)
    /// The ring's length.
    public let count: Int

    /// A ring over `0..<count`.
    public init(count: Int) {
        precondition(count > 0)
        self.count = count
    }

    /// The next index.
    @inline(__always)
    public func next() -> Int {
        position.wrappingAdd(1, ordering: .relaxed).oldValue % count
    }
}
