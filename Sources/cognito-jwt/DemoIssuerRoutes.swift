import CognitoJWT
import CognitoJWTTesting
import Foundation
import Hummingbird

/// The local user pool's side of `cognito-jwt demo`: its JWKS, a development token endpoint and a development
/// revocation endpoint.
enum DemoIssuerRoutes {
    /// What `POST /dev/token` accepts.
    struct TokenRequest: Decodable {
        let username: String
        let groups: [String]?
        let scopes: [String]?
        let expiresIn: Int?

        enum CodingKeys: String, CodingKey {
            case username, groups, scopes
            case expiresIn = "expires_in"
        }
    }

    /// What `POST /dev/revoke` accepts: the `origin_jti` of the session to revoke.
    struct RevokeRequest: Decodable {
        let originJTI: String

        enum CodingKeys: String, CodingKey {
            case originJTI = "origin_jti"
        }
    }

    /// Longest lifetime `/dev/token` mints (and most negative, for expired tokens): one day.
    static let maximumLifetime = 86_400

    /// Adds `GET <jwksPath>`, `POST /dev/token` for `issuer` and `POST /dev/revoke` for `denylist` to `router`;
    /// `/dev/revoke` answers 503 `temporarily_unavailable` (reason `denylist_full`) when `denylist` is full.
    static func add(to router: Router<DemoContext>, issuer: LocalCognitoIssuer, denylist: CognitoTokenDenylist) {
        router.post("dev/revoke") { request, context in
            let body = try await request.decode(as: RevokeRequest.self, context: context)
            let origin = body.originJTI
            guard !origin.isEmpty, origin.utf8.count <= 128,
                origin.unicodeScalars.allSatisfy({ $0.value > 0x20 && $0.value < 0x7F })
            else {
                throw HTTPError(.badRequest, message: "origin_jti must be 1 to 128 visible ASCII characters")
            }
            // Tokens of the session live at most maximumLifetime: the entry expires after the last of them.
            do {
                try denylist.revoke(
                    originTokenID: origin, until: Date().timeIntervalSince1970 + Double(maximumLifetime))
            } catch {
                return DemoAPI.json(
                    ["error": "temporarily_unavailable", "reason": "denylist_full"], status: .serviceUnavailable)
            }
            return DemoAPI.json(["revoked": .object(["origin_jti": .string(origin)])])
        }
        router.get(RouterPath(issuer.jwksPath)) { _, _ in
            Response(
                status: .ok, headers: [.contentType: "application/json"],
                body: ResponseBody(byteBuffer: ByteBuffer(string: issuer.jwksJSON)))
        }
        router.post("dev/token") { request, context in
            let body = try await request.decode(as: TokenRequest.self, context: context)
            let username = body.username
            guard !username.isEmpty, username.count <= 128,
                username.unicodeScalars.allSatisfy({ $0.value > 0x20 && $0.value != 0x7F })
            else {
                throw HTTPError(.badRequest, message: "username must be 1 to 128 visible characters")
            }
            let expiresIn = body.expiresIn ?? 3600
            guard (-maximumLifetime...maximumLifetime).contains(expiresIn) else {
                throw HTTPError(
                    .badRequest,
                    message: "expires_in must be a number of seconds from -\(maximumLifetime) to \(maximumLifetime)")
            }
            let groups = body.groups ?? []
            let scopes = body.scopes ?? []
            guard (groups + scopes).allSatisfy({ !$0.isEmpty && !$0.contains(" ") }) else {
                throw HTTPError(.badRequest, message: "groups and scopes must be non-empty and without spaces")
            }
            let signedIn = issuer.signIn(username: username, groups: groups, scopes: scopes, expiresIn: expiresIn)
            return DemoAPI.json([
                "id_token": .string(signedIn.idToken),
                "access_token": .string(signedIn.accessToken),
                "expires_in": .number(String(expiresIn)),
            ])
        }
    }
}
