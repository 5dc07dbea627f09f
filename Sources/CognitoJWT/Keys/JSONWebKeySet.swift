import Crypto
import _CryptoExtras

/// A JSON Web Key Set reduced to what verification may use: the usable RSA signing keys, plus a report on
/// every entry (for `cognito-jwt jwks` and diagnostics).
public struct JSONWebKeySet: Sendable {
    /// Smallest RSA modulus accepted, in bits.
    public static let minimumRSABits = 2048

    /// One entry of the document and whether it can verify tokens.
    public struct Entry: Sendable {
        /// The entry's `kid`, if it is a string.
        public let kid: String?
        /// The entry's `kty`, if it is a string.
        public let keyType: String?
        /// The entry's `alg`, if it is a string.
        public let algorithm: String?
        /// The entry's `use`, if it is a string.
        public let use: String?
        /// RSA modulus size in bits, when it could be read.
        public let bits: Int?
        /// Why the key cannot be used, or `nil` when it can.
        public let unusableReason: String?
    }

    /// Every entry of `keys`, in order.
    public let entries: [Entry]
    /// The usable keys, in document order.
    public let keys: [VerificationKey]
    /// The usable keys grouped by byte-identical `kid`, so a lookup returns a stored array.
    private let groups: [(kid: String, keys: [VerificationKey])]

    /// The usable keys whose `kid` equals `kid` byte for byte.
    public func keys(withID kid: String) -> [VerificationKey] {
        kid.withUTF8Bytes { keys(withID: $0) }
    }

    /// The usable keys whose `kid` is exactly these UTF-8 bytes.
    func keys(withID kid: UnsafeRawBufferPointer) -> [VerificationKey] {
        for i in groups.indices where kid.bytesEqual(groups[i].kid) { return groups[i].keys }
        return []
    }

    /// Parses a JWKS document (`{"keys":[…]}`), strictly. Unusable entries are reported, not fatal.
    public init(json bytes: some Collection<UInt8>) throws(CognitoJWTError) {
        let document: JSONObject
        do {
            document = try StrictJSON.parseObject(bytes, limits: .document)
        } catch {
            throw CognitoJWTError(.jwksUnavailable, "JWKS is not a strict JSON object: \(error.description)")
        }
        guard let list = document["keys"]?.arrayValue else {
            throw CognitoJWTError(.jwksUnavailable, "JWKS has no \"keys\" array")
        }
        var entries: [Entry] = []
        var keys: [VerificationKey] = []
        for element in list {
            let (entry, key) = Self.read(element)
            entries.append(entry)
            if let key { keys.append(key) }
        }
        self.init(entries: entries, keys: keys)
    }

    private init(entries: [Entry], keys: [VerificationKey]) {
        self.entries = entries
        self.keys = keys
        var groups: [(kid: String, keys: [VerificationKey])] = []
        for key in keys {
            if let index = groups.firstIndex(where: { $0.kid.bytesEqual(key.kid) }) {
                groups[index].keys.append(key)
            } else {
                groups.append((key.kid, [key]))
            }
        }
        self.groups = groups
    }

    /// This key set with every key that is the same as one of `previous` (same `kid`, modulus and exponent)
    /// replaced by that earlier instance, so that tokens verified with it stay trusted across a refetch.
    func keeping(sameKeysOf previous: JSONWebKeySet?) -> JSONWebKeySet {
        guard let previous else { return self }
        let keys = keys.map { key in previous.keys.first { $0.isSameKey(as: key) } ?? key }
        return JSONWebKeySet(entries: entries, keys: keys)
    }

    /// Parses a JWKS document given as text.
    public init(json text: String) throws(CognitoJWTError) {
        try self.init(json: Array(text.utf8))
    }

    private static func read(_ element: JSONValue) -> (Entry, VerificationKey?) {
        guard let jwk = element.objectValue else {
            return (
                Entry(
                    kid: nil, keyType: nil, algorithm: nil, use: nil, bits: nil,
                    unusableReason: "not a JSON object"), nil
            )
        }
        let kid = jwk["kid"]?.stringValue
        let kty = jwk["kty"]?.stringValue
        let alg = jwk["alg"]?.stringValue
        let use = jwk["use"]?.stringValue
        func entry(_ bits: Int?, _ reason: String?) -> Entry {
            Entry(kid: kid, keyType: kty, algorithm: alg, use: use, bits: bits, unusableReason: reason)
        }
        guard let kid, !kid.isEmpty else { return (entry(nil, "no kid"), nil) }
        guard let kty, kty.bytesEqual("RSA") else { return (entry(nil, "kty is not RSA"), nil) }
        if let value = jwk["use"], !(value.stringValue?.bytesEqual("sig") ?? false) {
            return (entry(nil, "use is not sig"), nil)
        }
        if let value = jwk["alg"], !(value.stringValue?.bytesEqual("RS256") ?? false) {
            return (entry(nil, "alg is not RS256"), nil)
        }
        if let value = jwk["key_ops"], !(value.stringArrayValue?.contains { $0.bytesEqual("verify") } ?? false) {
            return (entry(nil, "key_ops does not allow verify"), nil)
        }
        guard let nText = jwk["n"]?.stringValue, let eText = jwk["e"]?.stringValue,
            let n = Base64URL.decode(nText), let e = Base64URL.decode(eText)
        else {
            return (entry(nil, "n or e is not base64url"), nil)
        }
        let modulus = n.drop { $0 == 0 }
        let bits = modulus.first.map { modulus.count * 8 - $0.leadingZeroBitCount } ?? 0
        guard bits >= minimumRSABits else { return (entry(bits, "RSA key shorter than \(minimumRSABits) bits"), nil) }
        let exponent = e.drop { $0 == 0 }
        guard let last = exponent.last, last & 1 == 1, exponent.count <= 4, !(exponent.count == 1 && last == 1) else {
            return (entry(bits, "unsupported RSA exponent"), nil)
        }
        guard let publicKey = try? _RSA.Signing.PublicKey(n: Array(modulus), e: Array(exponent)) else {
            return (entry(bits, "RSA key rejected by the crypto library"), nil)
        }
        return (
            entry(bits, nil),
            VerificationKey(
                kid: kid, bits: bits, publicKey: publicKey,
                modulus: Array(modulus), exponent: Array(exponent))
        )
    }
}
