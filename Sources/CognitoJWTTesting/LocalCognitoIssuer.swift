import CognitoJWT
import Crypto
import Foundation
import _CryptoExtras

/// A local stand-in for an AWS Cognito user pool: RSA-2048 signing keys (two, like a real pool: ID tokens are
/// signed with the first, access tokens with the second), tokens with the claims Cognito puts in them, key
/// rotation, and the pool's JWKS document. For tests and demos; it never talks to AWS.
public final class LocalCognitoIssuer: Sendable {
    /// A signing key pair and its `kid`.
    public struct SigningKey: Sendable {
        /// The key's `kid` (base64 with `+`, `/` and `=`, like Cognito's).
        public let kid: String
        /// The private key.
        public let privateKey: _RSA.Signing.PrivateKey

        /// A key pair with a chosen `kid`.
        public init(kid: String, privateKey: _RSA.Signing.PrivateKey) {
            self.kid = kid
            self.privateKey = privateKey
        }

        /// Generates an RSA key pair of `bits` (2048 by default) with a random Cognito-style `kid`.
        public static func generate(bits: Int = 2048) throws -> SigningKey {
            let size: _RSA.Signing.KeySize = bits == 4096 ? .bits4096 : bits == 3072 ? .bits3072 : .bits2048
            let random = SymmetricKey(size: .bits256).withUnsafeBytes { Data($0) }
            return SigningKey(kid: random.base64EncodedString(), privateKey: try _RSA.Signing.PrivateKey(keySize: size))
        }

        /// This key's public half as a JWK object.
        public var jwk: JSONObject {
            let primitives = try! privateKey.publicKey.getKeyPrimitives()
            return [
                "alg": "RS256",
                "e": .string(Base64URL.encode(primitives.publicExponent)),
                "kid": .string(kid),
                "kty": "RSA",
                "n": .string(Base64URL.encode(primitives.modulus)),
                "use": "sig",
            ]
        }
    }

    /// The AWS region in the issuer URL.
    public let region: String
    /// The pool id, `<region>_<id>`.
    public let userPoolID: String
    /// The app client id put in `aud` and `client_id`.
    public let clientID: String
    /// The exact `iss` of every token.
    public let issuer: String
    private let keys: LockedValue<[SigningKey]>

    /// Creates a pool with two fresh RSA-2048 keys.
    ///
    /// - Parameters:
    ///   - region: the region (default `us-east-1`).
    ///   - userPoolID: the pool id (default `<region>_LocalPool`).
    ///   - clientID: the app client id.
    ///   - issuer: the issuer (default: the one AWS would use for this region and pool).
    public init(
        region: String = "us-east-1", userPoolID: String? = nil,
        clientID: String = "3n4b5urk1ft4fl3mg5e62d9ado", issuer: String? = nil
    ) throws {
        let userPoolID = userPoolID ?? "\(region)_LocalPool"
        self.region = region
        self.userPoolID = userPoolID
        self.clientID = clientID
        self.issuer = issuer ?? CognitoPool.issuer(region: region, userPoolID: userPoolID)
        self.keys = LockedValue([try SigningKey.generate(), try SigningKey.generate()])
    }

    /// The current signing keys (ID-token key first, access-token key second).
    public var signingKeys: [SigningKey] { keys.withLock { $0 } }

    /// The JWKS document with the public halves of the current keys.
    public var jwksJSON: String {
        JSONValue.object(["keys": .array(signingKeys.map { .object($0.jwk) })]).jsonText
    }

    /// The path a real pool serves its JWKS at: `/<userPoolID>/.well-known/jwks.json`.
    public var jwksPath: String { "/\(userPoolID)/.well-known/jwks.json" }

    /// Replaces the oldest key with a fresh one (tokens it signed stop verifying once a verifier refetches).
    @discardableResult
    public func rotateKeys() throws -> SigningKey {
        let fresh = try SigningKey.generate()
        keys.withLock { keys in
            keys.removeFirst()
            keys.append(fresh)
        }
        return fresh
    }

    /// Adds a fresh key to the JWKS, beside the current ones (the first step of a rotation with overlap).
    @discardableResult
    public func addSigningKey() throws -> SigningKey {
        let fresh = try SigningKey.generate()
        keys.withLock { $0.append(fresh) }
        return fresh
    }

    /// Removes the key with this `kid` from the JWKS (the last step of a rotation): tokens it signed stop verifying
    /// once a verifier refetches.
    public func removeSigningKey(withID kid: String) {
        keys.withLock { keys in keys.removeAll { $0.kid.utf8.elementsEqual(kid.utf8) } }
    }

    /// Signs any claims with `key`, which need not be in the JWKS (header `{"kid":…,"alg":"RS256"}`).
    public func sign(_ claims: JSONObject, with key: SigningKey) -> String {
        let header: JSONObject = ["kid": .string(key.kid), "alg": "RS256"]
        return Self.sign(
            headerJSON: JSONValue.object(header).jsonText,
            payloadJSON: JSONValue.object(claims).jsonText, with: key.privateKey)
    }

    /// A pool configuration for a ``CognitoVerifier`` that accepts this issuer's tokens, with the keys taken
    /// in-process from ``jwksJSON`` (rotation included), or from `keySource` when given.
    public func pool(tokenUse: TokenUse = .any, keySource: KeySource? = nil) -> CognitoPool {
        CognitoPool(
            issuer: issuer, clientIDs: [clientID], tokenUse: tokenUse,
            keySource: keySource ?? .provider { [self] in self.jwksJSON })
    }

    /// The issuer AWS Cognito gives this pool's tokens in `form`: the original form names `region` (default: the
    /// pool's own region, else a replica region), the updated form always the pool's own region.
    public func cognitoIssuer(_ form: CognitoIssuer.Form, region: String? = nil) -> String {
        CognitoIssuer(
            form: form, region: form == .updated ? self.region : region ?? self.region, userPoolID: userPoolID
        )
        .issuer
    }

    /// The path at which ``startJWKSServer(serving:absentStatus:jwks:)`` serves the JWKS of `issuer`: the
    /// issuer's host and path, e.g. `/issuer-cognito-idp.us-east-1.amazonaws.com/us-east-1_LocalPool/.well-known/jwks.json`.
    public static func jwksPath(of issuer: String) -> String {
        var rest = Substring(issuer)
        for scheme in ["https://", "http://"] where rest.hasPrefix(scheme) { rest = rest.dropFirst(scheme.count) }
        return "/" + rest + "/.well-known/jwks.json"
    }

    /// A pool by region and pool id, as an app configures a real one (both issuer forms by default, replica
    /// regions), with each issuer's JWKS URL on a local server at `jwksBaseURL` (``jwksPath(of:)``), for example
    /// one from ``startJWKSServer(serving:absentStatus:jwks:)``.
    public func pool(
        tokenUse: TokenUse = .any, issuerFormat: CognitoIssuerFormat, replicaRegions: [String] = [],
        jwksBaseURL: String
    ) -> CognitoPool {
        var pool = CognitoPool(
            region: region, userPoolID: userPoolID, clientIDs: [clientID], tokenUse: tokenUse,
            issuerFormat: issuerFormat, replicaRegions: replicaRegions)
        pool.issuers = pool.issuers.map { issuer in
            var local = issuer
            local.jwksURL = jwksBaseURL + Self.jwksPath(of: issuer.issuer)
            return local
        }
        return pool
    }

    /// The claims of step-up authentication, for a token's `extraClaims`: `acr` (e.g. `urn:cognito:loa:3`),
    /// `amr` (e.g. `["pwd", "otp", "mfa"]`) and `auth_time` (seconds since 1970).
    public static func authenticationClaims(
        acr: String? = nil, amr: [String]? = nil, authTime: Int? = nil
    ) -> JSONObject {
        var claims: JSONObject = [:]
        if let acr { claims["acr"] = .string(acr) }
        if let amr { claims["amr"] = .array(amr.map(JSONValue.string)) }
        if let authTime { claims["auth_time"] = .number(String(authTime)) }
        return claims
    }

    /// A verifier for this issuer's tokens (keys in-process).
    public func verifier(
        tokenUse: TokenUse = .any, leeway: Duration = .zero,
        cacheCapacity: Int = 10_000
    ) throws -> CognitoVerifier {
        try CognitoVerifier(pools: [pool(tokenUse: tokenUse)], leeway: leeway, cacheCapacity: cacheCapacity)
    }

    /// The stable `sub` of a user of this pool: a UUID derived from the pool id and the user name, so that the
    /// same user keeps the same id across runs, as in a real pool.
    public func subject(for username: String) -> String {
        Self.uuid(from: SHA256.hash(data: Array("\(userPoolID)/\(username)".utf8)))
    }

    /// One sign-in, as the tokens it yields share it: the ID and access tokens Cognito issues together (and those
    /// refreshed from them) carry the same `origin_jti`, `event_id` and `auth_time`, so revoking the session by its
    /// `origin_jti` reaches all of them.
    public struct Session: Sendable, Hashable {
        /// `origin_jti`: the session's id, shared by every token of the sign-in.
        public let originTokenID: String
        /// `event_id`: the sign-in event.
        public let eventID: String
        /// `auth_time` in seconds since 1970; `nil`: each token's `iat`.
        public let authTime: Int?

        /// A new session with random ids.
        public init(
            originTokenID: String = UUID().uuidString.lowercased(), eventID: String = UUID().uuidString.lowercased(),
            authTime: Int? = nil
        ) {
            self.originTokenID = originTokenID
            self.eventID = eventID
            self.authTime = authTime
        }
    }

    /// The tokens of one sign-in: an ID token and an access token of one ``Session``.
    public struct SignInTokens: Sendable {
        /// The ID token.
        public let idToken: String
        /// The access token.
        public let accessToken: String
        /// What the two tokens share.
        public let session: Session
    }

    /// Signs `username` in: an ID token and an access token of one new ``Session`` (the same `origin_jti`,
    /// `event_id` and `auth_time`), as Cognito's token endpoint answers one sign-in.
    public func signIn(
        username: String, groups: [String] = [], scopes: [String] = [], email: String? = nil,
        expiresIn: Int = 3600, issuedAt: Int? = nil, issuer: String? = nil
    ) -> SignInTokens {
        let iat = issuedAt ?? Int(Date().timeIntervalSince1970)
        let session = Session(authTime: iat)
        return SignInTokens(
            idToken: idToken(
                username: username, groups: groups, email: email, expiresIn: expiresIn, issuedAt: iat, issuer: issuer,
                session: session),
            accessToken: accessToken(
                username: username, groups: groups, scopes: scopes, expiresIn: expiresIn, issuedAt: iat,
                issuer: issuer, session: session),
            session: session)
    }

    /// An ID token (`token_use` = `id`) as Cognito issues after sign-in; `issuer` overrides ``issuer`` (another
    /// issuer form or a replica region: ``cognitoIssuer(_:region:)``), `extraClaims` adds or replaces claims of any
    /// JSON type (pre token generation's custom claims, ``authenticationClaims(acr:amr:authTime:)``), `session`
    /// is the sign-in it belongs to (default: a sign-in of its own; ``signIn(username:groups:scopes:email:expiresIn:issuedAt:issuer:)``
    /// mints both tokens of one).
    public func idToken(
        username: String, groups: [String] = [], email: String? = nil,
        emailVerified: Bool = true, customAttributes: [String: String] = [:],
        expiresIn: Int = 3600, issuedAt: Int? = nil, issuer: String? = nil, extraClaims: JSONObject = [:],
        session: Session = Session()
    ) -> String {
        let iat = issuedAt ?? Int(Date().timeIntervalSince1970)
        var claims: JSONObject = ["sub": .string(subject(for: username))]
        if !groups.isEmpty { claims["cognito:groups"] = .array(groups.map(JSONValue.string)) }
        claims["email_verified"] = .bool(emailVerified)
        claims["iss"] = .string(issuer ?? self.issuer)
        claims["cognito:username"] = .string(username)
        claims["origin_jti"] = .string(session.originTokenID)
        claims["aud"] = .string(clientID)
        claims["event_id"] = .string(session.eventID)
        claims["token_use"] = "id"
        claims["auth_time"] = .number(String(session.authTime ?? iat))
        claims["exp"] = .number(String(iat + expiresIn))
        claims["iat"] = .number(String(iat))
        claims["jti"] = .string(UUID().uuidString.lowercased())
        claims["email"] = .string(email ?? "\(username)@example.com")
        for (name, value) in customAttributes.sorted(by: { $0.key < $1.key }) {
            claims["custom:\(name)"] = .string(value)
        }
        for member in extraClaims.members { claims[member.name] = member.value }
        return sign(claims, keyIndex: 0)
    }

    /// An access token (`token_use` = `access`) for a signed-in user; `issuer`, `extraClaims` and `session` as for
    /// ``idToken(username:groups:email:emailVerified:customAttributes:expiresIn:issuedAt:issuer:extraClaims:session:)``.
    public func accessToken(
        username: String, groups: [String] = [], scopes: [String] = [],
        expiresIn: Int = 3600, issuedAt: Int? = nil, issuer: String? = nil, extraClaims: JSONObject = [:],
        session: Session = Session()
    ) -> String {
        sign(
            accessTokenClaims(
                username: username, groups: groups, scopes: scopes, expiresIn: expiresIn, issuedAt: issuedAt,
                issuer: issuer, extraClaims: extraClaims, session: session),
            keyIndex: 1)
    }

    /// The claims of ``accessToken(username:groups:scopes:expiresIn:issuedAt:issuer:extraClaims:session:)``,
    /// unsigned.
    func accessTokenClaims(
        username: String, groups: [String] = [], scopes: [String] = [],
        expiresIn: Int = 3600, issuedAt: Int? = nil, issuer: String? = nil, extraClaims: JSONObject = [:],
        session: Session = Session()
    ) -> JSONObject {
        let iat = issuedAt ?? Int(Date().timeIntervalSince1970)
        var claims: JSONObject = ["sub": .string(subject(for: username))]
        if !groups.isEmpty { claims["cognito:groups"] = .array(groups.map(JSONValue.string)) }
        claims["iss"] = .string(issuer ?? self.issuer)
        claims["client_id"] = .string(clientID)
        claims["origin_jti"] = .string(session.originTokenID)
        claims["event_id"] = .string(session.eventID)
        claims["token_use"] = "access"
        claims["scope"] = .string((["aws.cognito.signin.user.admin"] + scopes).joined(separator: " "))
        claims["auth_time"] = .number(String(session.authTime ?? iat))
        claims["exp"] = .number(String(iat + expiresIn))
        claims["iat"] = .number(String(iat))
        claims["jti"] = .string(UUID().uuidString.lowercased())
        claims["username"] = .string(username)
        for member in extraClaims.members { claims[member.name] = member.value }
        return claims
    }

    /// A machine-to-machine access token (OAuth client-credentials grant): no user, `sub` is the client id.
    public func clientCredentialsToken(scopes: [String], expiresIn: Int = 3600, issuedAt: Int? = nil) -> String {
        let iat = issuedAt ?? Int(Date().timeIntervalSince1970)
        let claims: JSONObject = [
            "sub": .string(clientID),
            "token_use": "access",
            "scope": .string(scopes.joined(separator: " ")),
            "auth_time": .number(String(iat)),
            "iss": .string(issuer),
            "exp": .number(String(iat + expiresIn)),
            "iat": .number(String(iat)),
            "version": 2,
            "jti": .string(UUID().uuidString.lowercased()),
            "client_id": .string(clientID),
        ]
        return sign(claims, keyIndex: 1)
    }

    /// Signs any claims with key `keyIndex` (header `{"kid":…,"alg":"RS256"}`, like Cognito's).
    public func sign(_ claims: JSONObject, keyIndex: Int = 0) -> String {
        sign(claims, with: signingKeys[keyIndex])
    }

    /// Signs arbitrary header and payload text with `privateKey` (RS256), for tests of malformed or hostile tokens.
    public static func sign(headerJSON: String, payloadJSON: String, with privateKey: _RSA.Signing.PrivateKey) -> String
    {
        let input = Base64URL.encode(headerJSON.utf8) + "." + Base64URL.encode(payloadJSON.utf8)
        let signature = try! privateKey.signature(
            for: SHA256.hash(data: Array(input.utf8)), padding: .insecurePKCS1v1_5)
        return input + "." + Base64URL.encode(signature.rawRepresentation)
    }

    /// Starts a JWKS endpoint on 127.0.0.1 (random port) serving the current keys at ``jwksPath``
    /// (404 elsewhere). Its ``LocalHTTPServer/baseURL`` + ``jwksPath`` is the JWKS URL.
    public func startJWKSServer() async throws -> LocalHTTPServer {
        let path = jwksPath
        return try await LocalHTTPServer.start { [self] requested in
            requested == path ? .json(self.jwksJSON) : .status(404)
        }
    }

    /// Starts a JWKS server on 127.0.0.1 (random port) for a pool with several issuers: it serves the JWKS of
    /// each of `issuers` at ``jwksPath(of:)``, and answers `absentStatus` (403, as AWS does for an issuer form a
    /// pool does not use) for the JWKS of any other issuer of this pool; 404 elsewhere.
    ///
    /// - Parameters:
    ///   - issuers: the live issuers, e.g. `[cognitoIssuer(.original)]`.
    ///   - absentStatus: the status for this pool's other issuers.
    ///   - jwks: the JWKS document of each live issuer (default: ``jwksJSON``).
    public func startJWKSServer(
        serving issuers: [String], absentStatus: Int = 403,
        jwks: (@Sendable (_ issuer: String) -> String)? = nil
    ) async throws -> LocalHTTPServer {
        let live = issuers.map { (path: Self.jwksPath(of: $0), issuer: $0) }
        let poolSuffix = "/\(userPoolID)/.well-known/jwks.json"
        return try await LocalHTTPServer.start { [self] requested in
            if let match = live.first(where: { $0.path == requested }) {
                return .json(jwks?(match.issuer) ?? self.jwksJSON)
            }
            return requested.hasSuffix(poolSuffix) ? .status(absentStatus) : .status(404)
        }
    }

    private static func uuid(from digest: SHA256.Digest) -> String {
        var bytes = Array(digest.prefix(16))
        bytes[6] = bytes[6] & 0x0F | 0x40
        bytes[8] = bytes[8] & 0x3F | 0x80
        let hex = bytes.map { String(format: "%02x", $0) }.joined()
        let parts = [
            hex.prefix(8), hex.dropFirst(8).prefix(4), hex.dropFirst(12).prefix(4),
            hex.dropFirst(16).prefix(4), hex.dropFirst(20),
        ]
        return parts.joined(separator: "-")
    }
}
