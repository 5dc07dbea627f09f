/// The header segments of tokens a verifier accepted, with their parsed form.
///
/// A pool signs with one or two keys, so its tokens share a handful of byte-identical headers; a token whose
/// header segment is one of these reuses the parsed header instead of decoding it again. Only headers of tokens
/// that passed every check are remembered, and only byte-identical segments match, so what the verifier checks
/// is exactly what parsing those bytes would give.
final class KnownHeaders: Sendable {
    /// Most headers remembered; the oldest goes first.
    static let capacity = 8

    /// A remembered header: its segment, its parsed form and its `kid`.
    struct Known: Sendable {
        let segment: [UInt8]
        let header: JSONObject
        let kid: String?
    }

    private let known = LockedValue<[Known]>([])

    /// The parsed header whose segment is exactly `segment`, if it was remembered.
    func header(for segment: UnsafeRawBufferPointer) -> Known? {
        known.withLock { known in
            for entry in known where entry.segment.count == segment.count {
                if entry.segment.withUnsafeBytes({ segment.bytesEqual($0) }) { return entry }
            }
            return nil
        }
    }

    /// Remembers the header of an accepted token (`segment` is its first segment, before the first dot).
    func remember(segment: some Collection<UInt8>, header: JSONObject) {
        let segment = Array(segment)
        guard !segment.isEmpty else { return }
        let known = Known(segment: segment, header: header, kid: SignedToken.kid(of: header))
        self.known.withLock { list in
            guard !list.contains(where: { $0.segment == segment }) else { return }
            if list.count >= Self.capacity { list.removeFirst() }
            list.append(known)
        }
    }
}
