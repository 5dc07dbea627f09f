import Crypto
import _CryptoExtras

/// An RSA public key from a JWKS that passed every usability rule, ready to verify RS256 signatures.
public final class VerificationKey: Sendable {
    /// The key's `kid`.
    public let kid: String
    /// Modulus size in bits.
    public let bits: Int
    let publicKey: _RSA.Signing.PublicKey
    /// The modulus and exponent as read (leading zeros dropped), to recognise the same key in a later fetch.
    let modulus: [UInt8]
    let exponent: [UInt8]

    init(kid: String, bits: Int, publicKey: _RSA.Signing.PublicKey, modulus: [UInt8], exponent: [UInt8]) {
        self.kid = kid
        self.bits = bits
        self.publicKey = publicKey
        self.modulus = modulus
        self.exponent = exponent
    }

    /// Whether `other` has the same `kid` and the same modulus and exponent, byte for byte.
    func isSameKey(as other: VerificationKey) -> Bool {
        kid.bytesEqual(other.kid) && modulus == other.modulus && exponent == other.exponent
    }

    /// Whether `signature` is a valid RSASSA-PKCS1-v1_5 SHA-256 signature of the input with this `digest`.
    func isValidSignature(_ signature: _RSA.Signing.RSASignature, for digest: SHA256.Digest) -> Bool {
        guard signature.rawRepresentation.count == (bits + 7) / 8 else { return false }
        return publicKey.isValidSignature(signature, for: digest, padding: .insecurePKCS1v1_5)
    }
}
