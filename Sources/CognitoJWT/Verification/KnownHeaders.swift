/// The header segments of tokens a verifier accepted, with their parsed form.
///
/// A pool signs with one or two keys, so its tokens share a handful of byte-identical headers; a token whose
/// header segment is one of these reuses the parsed header instead of decoding it again. Only headers of tokens
/// that passed every check are remembered, and only byte-identical segments match, so what the verifier checks
/// is exactly what parsing those bytes would give.
///
/// The memo is split into ``shardCount`` independent shards, each with its own lock and its own copy of the
/// headers, picked by a signature byte of the token, so that verifications on different cores rarely touch the
/// same lock or the same objects.
final class KnownHeaders: Sendable {
    /// Most headers remembered per shard; the oldest goes first.
    static let capacity = 8
    /// Independent shards (a power of two).
    static let shardCount = 8

    /// A remembered header: its segment, its parsed form and its `kid`.
    struct Known: Sendable {
        let segment: [UInt8]
        let header: JSONObject
        let kid: String?
    }

    private let shards: [LockedValue<[Known]>] = (0..<KnownHeaders.shardCount).map { _ in LockedValue([]) }

    /// The parsed header whose segment is exactly `segment`, if the shard `selector` picks remembered it.
    func header(for segment: UnsafeRawBufferPointer, selector: UInt8) -> Known? {
        shards[Int(selector) & (Self.shardCount - 1)].withLock { known in
            for entry in known where entry.segment.count == segment.count {
                if entry.segment.withUnsafeBytes({ segment.bytesEqual($0) }) { return entry }
            }
            return nil
        }
    }

    /// Remembers the header of an accepted token in the shard `selector` picks (`segment` is its first segment,
    /// before the first dot; `header` was parsed from it for this token alone, so shards never share it).
    func remember(segment: some Collection<UInt8>, header: JSONObject, selector: UInt8) {
        let segment = Array(segment)
        guard !segment.isEmpty else { return }
        let known = Known(segment: segment, header: header, kid: SignedToken.kid(of: header))
        shards[Int(selector) & (Self.shardCount - 1)].withLock { list in
            guard !list.contains(where: { $0.segment == segment }) else { return }
            if list.count >= Self.capacity { list.removeFirst() }
            list.append(known)
        }
    }

    /// The byte of `token` that picks its shard: the second-to-last, inside the signature, where every base64url
    /// character is equally likely (the last one carries only two bits of a 2048-bit signature).
    static func selector(of token: some BidirectionalCollection<UInt8>) -> UInt8 {
        token.dropLast().last ?? 0
    }
}
