import Crypto
import _CryptoExtras

/// A token as the verifier reads it: split under the strict rules, its header parsed and its signature decoded,
/// while the payload stays its base64url segment until the signature has been checked (``parsePayload()``), so a
/// forged payload costs no parsing.
struct SignedToken: Sendable {
    /// The whole token.
    let token: String
    /// The decoded header.
    let header: JSONObject
    /// The header's `kid`, when it is a non-empty string.
    let kid: String?
    /// Whether the header came from ``KnownHeaders`` rather than from decoding it.
    let headerWasKnown: Bool
    /// The length of the header segment (the bytes before the first dot).
    let headerSegmentLength: Int
    /// The length of the signing input `header.payload` (the bytes before the second dot).
    let signingInputLength: Int
    /// The decoded signature.
    let signature: _RSA.Signing.RSASignature

    /// Splits `token` and reads its header, taking it from `knownHeaders` when its segment is byte-identical to
    /// one there; ``CognitoJWTError/Code/malformed`` for anything not strictly well-formed.
    init(parsing token: String, knownHeaders: KnownHeaders?) throws(CognitoJWTError) {
        guard token.utf8.count <= CompactJWS.maximumTokenLength else {
            throw CognitoJWTError(.malformed, "token longer than \(CompactJWS.maximumTokenLength) bytes")
        }
        self.token = token
        let split = token.withUTF8Bytes { raw in
            Result { () throws(CognitoJWTError) in try Self.split(raw, knownHeaders: knownHeaders) }
        }
        (header, kid, headerWasKnown, headerSegmentLength, signingInputLength, signature) = try split.get()
    }

    /// The payload, strictly parsed (``JSONLimits/token``).
    func parsePayload() throws(CognitoJWTError) -> JSONObject {
        let (start, end) = (headerSegmentLength + 1, signingInputLength)
        let parsed = token.withUTF8Bytes { raw in
            Result { () throws(CognitoJWTError) in
                try Self.decodeObject(UnsafeRawBufferPointer(rebasing: raw[start..<end]), "payload", limits: .token)
            }
        }
        return try parsed.get()
    }

    /// `read` when the payload was already parsed, else the payload parsed now.
    func parsePayload(unlessRead read: JSONObject?) throws(CognitoJWTError) -> JSONObject {
        if let read { return read }
        return try parsePayload()
    }

    /// SHA-256 of `header.payload` exactly as received: what an RS256 signature covers.
    func signingInputDigest() -> SHA256.Digest {
        let length = signingInputLength
        return token.withUTF8Bytes { SHA256.hash(data: UnsafeRawBufferPointer(rebasing: $0[0..<length])) }
    }

    private typealias Split = (
        header: JSONObject, kid: String?, headerWasKnown: Bool, headerSegmentLength: Int, signingInputLength: Int,
        signature: _RSA.Signing.RSASignature
    )

    private static func split(
        _ raw: UnsafeRawBufferPointer, knownHeaders: KnownHeaders?
    ) throws(CognitoJWTError) -> Split {
        let dot = UInt8(ascii: ".")
        let firstDot = Bytes.firstIndex(of: dot, in: raw, from: 0)
        let secondDot = firstDot < 0 ? -1 : Bytes.firstIndex(of: dot, in: raw, from: firstDot + 1)
        guard secondDot >= 0 else { throw CognitoJWTError(.malformed, "token does not have three segments") }
        guard Bytes.firstIndex(of: dot, in: raw, from: secondDot + 1) < 0 else {
            throw CognitoJWTError(.malformed, "token has more than three segments")
        }
        guard firstDot > 0, secondDot > firstDot + 1, secondDot < raw.count - 1 else {
            throw CognitoJWTError(.malformed, "token has an empty segment")
        }
        let signature = decodeSignature(UnsafeRawBufferPointer(rebasing: raw[(secondDot + 1)...]))
        guard let signature else { throw CognitoJWTError(.malformed, "signature is not canonical base64url") }
        let segment = UnsafeRawBufferPointer(rebasing: raw[0..<firstDot])
        if let known = knownHeaders?.header(for: segment, selector: KnownHeaders.selector(of: raw)) {
            return (known.header, known.kid, true, firstDot, secondDot, signature)
        }
        let header = try decodeObject(segment, "header", limits: .header)
        return (header, kid(of: header), false, firstDot, secondDot, signature)
    }

    /// A header's `kid`, when it is a non-empty string.
    static func kid(of header: JSONObject) -> String? {
        guard let kid = header["kid"]?.stringValue, !kid.isEmpty else { return nil }
        return kid
    }

    /// Decodes the signature segment through scratch memory into the signature value (one copy, no array).
    private static func decodeSignature(_ segment: UnsafeRawBufferPointer) -> _RSA.Signing.RSASignature? {
        withDecoded(segment) { bytes in bytes.map { _RSA.Signing.RSASignature(rawRepresentation: $0) } }
    }

    /// Decodes one base64url segment into scratch memory and reads it as a strict JSON object, kept as its text
    /// (see ``ParsedMembers``).
    private static func decodeObject(
        _ segment: UnsafeRawBufferPointer, _ name: String, limits: JSONLimits
    ) throws(CognitoJWTError) -> JSONObject {
        try withDecoded(segment) { bytes throws(CognitoJWTError) in
            guard let bytes else { throw CognitoJWTError(.malformed, "\(name) is not canonical base64url") }
            do throws(StrictJSON.SyntaxError) {
                return try StrictJSON.parseMembers(bytes, limits: limits)
            } catch {
                throw CognitoJWTError(.malformed, "\(name) is not a strict JSON object: \(error.reason)")
            }
        }
    }

    /// Calls `body` with `segment` decoded into scratch memory, or with `nil` when it is not canonical base64url.
    private static func withDecoded<R, E: Error>(
        _ segment: UnsafeRawBufferPointer,
        _ body: (UnsafeRawBufferPointer?) throws(E) -> R
    ) throws(E) -> R {
        guard let count = Base64URL.decodedCount(segment.count) else { return try body(nil) }
        let result = withUnsafeTemporaryAllocation(byteCount: max(count, 1), alignment: 1) { scratch in
            Result { () throws(E) -> R in
                guard let decoded = Base64URL.decode(segment, into: scratch) else { return try body(nil) }
                return try body(UnsafeRawBufferPointer(rebasing: scratch[0..<decoded]))
            }
        }
        return try result.get()
    }
}
