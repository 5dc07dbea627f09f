import CCognitoJWTPrefetch

/// Cache prefetch hints: they never fault and never wait for memory, so they may name memory that was freed.
enum Prefetch {
    /// The size of a cache line: what one prefetch brings in, and what the cache's shards align their locks to.
    static let lineSize = 64

    /// Asks for the `lines` cache lines from `address` on to be brought in for writing.
    @inline(__always)
    static func forWriting(_ address: UnsafeRawPointer, lines: Int) {
        for line in 0..<lines { cognito_jwt_prefetch_for_writing(address + line * lineSize) }
    }
}
