import CognitoJWT
import Crypto
import Foundation

/// A local Application Load Balancer with an `authenticate-cognito` rule, for tests: an ES256 key per `kid`, a key
/// server on 127.0.0.1 that serves each public key as PEM at `/<kid>` (as `public-keys.auth.elb.<region>` does),
/// and the three headers minted exactly as the load balancer sends them, `=` padding included.
public final class LocalALB: Sendable {
    /// One signing key of the load balancer.
    public struct SigningKey: Sendable {
        /// The key id, a UUID.
        public let kid: String
        /// The private key.
        public let privateKey: P256.Signing.PrivateKey

        /// A new key with a random UUID as its id.
        public static func generate() -> SigningKey {
            SigningKey(kid: UUID().uuidString.lowercased(), privateKey: P256.Signing.PrivateKey())
        }

        /// The public key as PEM, what the key server answers.
        public var publicKeyPEM: String { privateKey.publicKey.pemRepresentation }
    }

    /// The load balancer's ARN, the data token's `signer`.
    public let arn: String
    /// The Cognito pool it authenticates against: its issuer, client id and access tokens.
    public let pool: LocalCognitoIssuer
    private let keys: LockedValue<[SigningKey]>

    /// A load balancer in front of `pool`'s app client.
    ///
    /// - Parameters:
    ///   - pool: the local Cognito pool.
    ///   - arn: the ARN (default: a load balancer `local-alb` in the pool's region).
    public init(pool: LocalCognitoIssuer, arn: String? = nil) {
        self.pool = pool
        self.arn =
            arn
            ?? "arn:aws:elasticloadbalancing:\(pool.region):123456789012:loadbalancer/app/local-alb/50dc6c495c0c9188"
        self.keys = LockedValue([SigningKey.generate()])
    }

    /// The keys the key server serves; the last one signs.
    public var signingKeys: [SigningKey] { keys.withLock { $0 } }

    /// Adds a key, which signs from now on (the older ones stay served), and returns it.
    @discardableResult
    public func rotateKey() -> SigningKey {
        let key = SigningKey.generate()
        keys.withLock { $0.append(key) }
        return key
    }

    /// Starts the key server on 127.0.0.1 (random port): `/<kid>` answers the key's PEM, anything else 404. Its
    /// ``LocalHTTPServer/baseURL`` is the verifier's `keyBaseURL`.
    public func startKeyServer() async throws -> LocalHTTPServer {
        try await LocalHTTPServer.start { [self] path in
            guard let key = signingKeys.first(where: { "/" + $0.kid == path }) else { return .status(404) }
            return .response(
                status: 200, reason: "OK", headers: [("Content-Type", "application/x-pem-file")],
                body: Array(key.publicKeyPEM.utf8))
        }
    }

    /// A verifier configuration for this load balancer and pool, with keys from `keyBaseURL`.
    public func configuration(keyBaseURL: String, leeway: Duration = .zero) -> ALBConfiguration {
        ALBConfiguration(
            loadBalancerARNs: [arn], issuer: pool.issuer, clientIDs: [pool.clientID], keyBaseURL: keyBaseURL,
            leeway: leeway)
    }

    /// The header of a data token as the load balancer writes it; `overrides` replaces or adds members (for
    /// tests of foreign signers, clients, algorithms, key ids).
    public func dataTokenHeader(kid: String? = nil, expiresAt: Int, overrides: JSONObject = [:]) -> JSONObject {
        var header: JSONObject = [
            "typ": "JWT", "kid": .string(kid ?? signingKeys.last!.kid), "alg": "ES256", "iss": .string(pool.issuer),
            "client": .string(pool.clientID), "signer": .string(arn), "exp": .number(String(expiresAt)),
        ]
        for member in overrides.members { header[member.name] = member.value }
        return header
    }

    /// An `x-amzn-oidc-data` token for `username`, signed with the current key (or the key `signingKey`), with
    /// the claims Cognito's userinfo gives, the header as the load balancer writes it, and padded segments.
    public func dataToken(
        username: String, email: String? = nil, expiresIn: Int = 120, signingKey: SigningKey? = nil,
        header overrides: JSONObject = [:], claims extra: JSONObject = [:]
    ) -> String {
        let key = signingKey ?? signingKeys.last!
        let exp = Int(Date().timeIntervalSince1970) + expiresIn
        var claims: JSONObject = [
            "sub": .string(pool.subject(for: username)), "email_verified": "true",
            "email": .string(email ?? "\(username)@example.com"), "username": .string(username),
            "exp": .number(String(exp)), "iss": .string(pool.issuer),
        ]
        for member in extra.members { claims[member.name] = member.value }
        let header = dataTokenHeader(kid: key.kid, expiresAt: exp, overrides: overrides)
        return Self.sign(
            headerJSON: JSONValue.object(header).jsonText, payloadJSON: JSONValue.object(claims).jsonText,
            with: key.privateKey)
    }

    /// The three headers the load balancer adds for `username`: the data token, the pool's access token (with
    /// `groups` and `scopes`) and the `sub`.
    public func headers(
        username: String, groups: [String] = [], scopes: [String] = [], expiresIn: Int = 120
    ) -> ALBHeaders {
        ALBHeaders(
            data: [dataToken(username: username, expiresIn: expiresIn)],
            accessToken: [pool.accessToken(username: username, groups: groups, scopes: scopes)],
            identity: [pool.subject(for: username)])
    }

    /// `header.payload.signature` with ES256 over the two padded segments, every segment padded with `=` as the
    /// load balancer pads them.
    public static func sign(headerJSON: String, payloadJSON: String, with key: P256.Signing.PrivateKey) -> String {
        let input =
            padded(Base64URL.encode(Array(headerJSON.utf8))) + "." + padded(Base64URL.encode(Array(payloadJSON.utf8)))
        let signature = try! key.signature(for: SHA256.hash(data: Array(input.utf8)))
        return input + "." + padded(Base64URL.encode(signature.rawRepresentation))
    }

    /// `segment` padded with `=` to a multiple of four characters.
    public static func padded(_ segment: String) -> String {
        segment + String(repeating: "=", count: (4 - segment.utf8.count % 4) % 4)
    }
}
