import CognitoJWT
import Foundation
import Testing

/// Genuine tokens issued by Amazon Cognito (expired; verified at a clock inside their lifetime).
@Suite("Real Cognito tokens")
struct RealCognitoTokenTests {
    struct Case: Sendable, CustomStringConvertible {
        let folder: String
        let file: String
        let region: String
        let pool: String
        let tokenUse: TokenUse
        var description: String { "\(folder)/\(file)" }
    }

    static let cases = [
        Case(
            folder: "aws-samples-step-up-auth", file: "id_token.jwt", region: "us-east-1", pool: "us-east-1_iWcTPhZBA",
            tokenUse: .id),
        Case(
            folder: "aws-samples-step-up-auth", file: "access_token.jwt", region: "us-east-1",
            pool: "us-east-1_iWcTPhZBA", tokenUse: .access),
        Case(
            folder: "xeedware-cognito-jwt", file: "access_token_basic_user.jwt", region: "us-west-2",
            pool: "us-west-2_XRsUGkwyU", tokenUse: .access),
        Case(
            folder: "xeedware-cognito-jwt", file: "access_token_techsupport_groups.jwt", region: "us-west-2",
            pool: "us-west-2_XRsUGkwyU", tokenUse: .access),
        Case(
            folder: "xeedware-cognito-jwt", file: "id_token_basic_user.jwt", region: "us-west-2",
            pool: "us-west-2_XRsUGkwyU", tokenUse: .id),
        Case(
            folder: "xeedware-cognito-jwt", file: "id_token_techsupport_groups.jwt", region: "us-west-2",
            pool: "us-west-2_XRsUGkwyU", tokenUse: .id),
    ]

    func verifier(_ c: Case, tokenUse: TokenUse? = nil, clientIDs: AcceptedClients = .every) throws -> CognitoVerifier {
        try CognitoVerifier(pools: [
            CognitoPool(
                region: c.region, userPoolID: c.pool, clientIDs: clientIDs,
                tokenUse: tokenUse ?? c.tokenUse,
                keySource: .document(fixture("\(c.folder)/jwks.json")))
        ])
    }

    @Test("verify inside their lifetime, expire outside it", arguments: cases)
    func lifetime(_ c: Case) async throws {
        let token = try fixture("\(c.folder)/\(c.file)")
        let unverified = try CompactJWS(parsing: token)
        let iat = try #require(unverified.payload["iat"]?.doubleValue)
        let exp = try #require(unverified.payload["exp"]?.doubleValue)
        let verifier = try verifier(c)
        let claims = try await verifier.verify(token, now: iat + 60)
        #expect(claims.tokenUse == c.tokenUse)
        #expect(claims.issuer == CognitoPool.issuer(region: c.region, userPoolID: c.pool))
        #expect(claims.subject?.isEmpty == false)
        #expect(claims.username?.isEmpty == false)
        await #expect(throws: CognitoJWTError.self) { try await verifier.verify(token, now: exp) }
        do {
            _ = try await verifier.verify(token, now: exp + 1)
        } catch {
            #expect(error.code == .expired)
        }
        do {
            _ = try await verifier.verify(token, now: iat - 120)
        } catch {
            #expect(error.code == .notYetValid)
        }
        // The other token use is refused.
        let other: TokenUse = c.tokenUse == .id ? .access : .id
        let otherVerifier = try self.verifier(c, tokenUse: other)
        do {
            _ = try await otherVerifier.verify(token, now: iat + 60)
            Issue.record("accepted with the wrong token use")
        } catch {
            #expect(error.code == .wrongTokenUse)
        }
    }

    @Test("step-up-auth tokens: audience, client id, groups, scopes and typed claims")
    func stepUpClaims() async throws {
        let c = Self.cases[0]
        let client = "6i0o6sela15jdctgeflkmj4gjo"
        let id = try fixture("aws-samples-step-up-auth/id_token.jwt")
        let access = try fixture("aws-samples-step-up-auth/access_token.jwt")
        let anyUse = try verifier(c, tokenUse: .any, clientIDs: [client])
        let idClaims = try await anyUse.verify(id, now: try CompactJWS(parsing: id).payload["iat"]!.doubleValue! + 60)
        #expect(idClaims.audience == client)
        #expect(idClaims.emailVerified == false)
        #expect(idClaims.customAttributes["ffp"]?.stringValue == "moghals\\bob")
        #expect(idClaims.groups == ["us-east-1_iWcTPhZBA_adfs"])
        let at = try CompactJWS(parsing: access).payload["iat"]!.doubleValue! + 60
        let accessClaims = try await anyUse.verify(
            access, requiring: .init(anyOfGroups: ["us-east-1_iWcTPhZBA_adfs"], allOfScopes: ["openid", "email"]),
            now: at)
        #expect(accessClaims.clientID == client)
        #expect(accessClaims.scopes == ["openid", "profile", "email"])
        #expect(accessClaims.isClientCredentials == false)
        let wrongClient = try verifier(c, tokenUse: .any, clientIDs: ["someone-else"])
        do {
            _ = try await wrongClient.verify(access, now: at)
            Issue.record("accepted a foreign client")
        } catch {
            #expect(error.code == .wrongAudience)
        }
    }

    @Test("xeedware tokens: booleans, refresh-issued auth_time, groups")
    func xeedwareClaims() async throws {
        let c = Self.cases[5]
        let token = try fixture("xeedware-cognito-jwt/id_token_techsupport_groups.jwt")
        let payload = try CompactJWS(parsing: token).payload
        let claims = try await verifier(c).verify(token, now: payload["iat"]!.doubleValue! + 60)
        #expect(claims.authTime! < claims.issuedAt!)
        #expect(claims.emailVerified != nil)
        #expect(!claims.groups.isEmpty)
    }

    @Test("a genuine token of another pool, whose key is not in this JWKS, is rejected")
    func otherPool() async throws {
        let token = try fixture("xeedware-cognito-jwt/negative_other_pool_unknown_kid_access_token.jwt")
        let payload = try CompactJWS(parsing: token).payload
        let now = payload["iat"]!.doubleValue! + 60
        let verifier = try verifier(Self.cases[2])
        do {
            _ = try await verifier.verify(token, now: now)
            Issue.record("accepted a token of another pool")
        } catch {
            #expect(error.code == .wrongIssuer || error.code == .unknownKey)
        }
        // Even configured for that pool's issuer, its key is not in this JWKS.
        let issuer = try #require(payload["iss"]?.stringValue)
        let samePool = try CognitoVerifier(pools: [
            CognitoPool(
                issuer: issuer, clientIDs: .every, keySource: .document(fixture("xeedware-cognito-jwt/jwks.json")))
        ])
        do {
            _ = try await samePool.verify(token, now: now)
            Issue.record("accepted a token whose key is not in the JWKS")
        } catch {
            #expect(error.code == .unknownKey)
        }
    }
}
