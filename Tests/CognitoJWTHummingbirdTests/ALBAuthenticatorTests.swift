import CognitoJWT
import CognitoJWTHummingbird
import CognitoJWTTesting
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@Suite("Behind an ALB: CognitoALBAuthenticator beside the bearer authenticator")
struct ALBAuthenticatorTests {
    /// The `x-amzn-oidc-*` headers as request header fields.
    func fields(_ headers: ALBHeaders) -> HTTPFields {
        var fields = HTTPFields()
        for (name, values) in [
            (ALBHeaders.dataName, headers.data), (ALBHeaders.accessTokenName, headers.accessToken),
            (ALBHeaders.identityName, headers.identity),
        ] {
            for value in values { fields.append(HeaderField(name: .init(name)!, value: value)) }
        }
        return fields
    }

    @Test("the README's app: the ALB's headers or a bearer token; groups from the forwarded access token")
    func readmeApplication() async throws {
        let pool = try makeIssuer(pool: "us-east-1_ALBTests")
        let alb = LocalALB(pool: pool)
        let keys = try await alb.startKeyServer()
        do {
            let app = try buildALBApplication(
                verifier: try pool.verifier(), albConfiguration: alb.configuration(keyBaseURL: keys.baseURL), port: 0)
            try await app.test(.live) { client in
                try await client.execute(uri: "/me", method: .get, headers: fields(alb.headers(username: "alice"))) {
                    response in
                    #expect(response.status == .ok)
                    #expect(text(response) == "alice")
                }
                try await client.execute(uri: "/me", method: .get, headers: bearer(pool.idToken(username: "bob"))) {
                    response in
                    #expect(response.status == .ok)
                    #expect(text(response) == "bob")
                }
                try await client.execute(uri: "/me", method: .get) { response in
                    expectRejection(response, .missingToken(realm: "api"))
                }
                let admin = fields(alb.headers(username: "root", groups: ["admin"]))
                try await client.execute(uri: "/admin", method: .get, headers: admin) { response in
                    #expect(response.status == .ok)
                }
                try await client.execute(uri: "/admin", method: .get, headers: fields(alb.headers(username: "alice"))) {
                    response in
                    expectRejection(response, rejection(.missingGroup))
                }
            }
            #expect(keys.requestCount == 1)
        } catch {
            try await keys.shutdown()
            throw error
        }
        try await keys.shutdown()
    }

    @Test("headers set around the load balancer are refused: foreign signer, other sub, forged, no key server")
    func forgedHeaders() async throws {
        let pool = try makeIssuer(pool: "us-east-1_ALBForged")
        let alb = LocalALB(pool: pool)
        let impostor = LocalALB(
            pool: pool,
            arn: "arn:aws:elasticloadbalancing:us-east-1:999999999999:loadbalancer/app/other/1234567890abcdef")
        let keys = try await alb.startKeyServer()
        do {
            let app = try buildALBApplication(
                verifier: try pool.verifier(), albConfiguration: alb.configuration(keyBaseURL: keys.baseURL), port: 0)
            try await app.test(.live) { client in
                try await client.execute(
                    uri: "/me", method: .get, headers: fields(impostor.headers(username: "alice"))
                ) { response in
                    expectRejection(response, rejection(.wrongSigner))
                }
                var mismatched = alb.headers(username: "alice")
                mismatched.accessToken = [pool.accessToken(username: "mallory")]
                try await client.execute(uri: "/me", method: .get, headers: fields(mismatched)) { response in
                    expectRejection(response, rejection(.subjectMismatch))
                }
                var otherIdentity = alb.headers(username: "alice")
                otherIdentity.identity = [pool.subject(for: "mallory")]
                try await client.execute(uri: "/me", method: .get, headers: fields(otherIdentity)) { response in
                    expectRejection(response, rejection(.subjectMismatch))
                }
                var forged = alb.headers(username: "alice")
                let header = LocalALB.padded(
                    Base64URL.encode(
                        Array(
                            JSONValue.object(alb.dataTokenHeader(expiresAt: Int(Date().timeIntervalSince1970) + 60))
                                .jsonText.utf8)))
                let parts = forged.data[0].split(separator: ".")
                let payload = LocalALB.padded(
                    Base64URL.encode(
                        Array(
                            #"{"sub":"\#(pool.subject(for: "root"))","iss":"\#(pool.issuer)","username":"root"}"#.utf8))
                )
                forged.data = [header + "." + payload + "." + parts[2]]
                try await client.execute(uri: "/me", method: .get, headers: fields(forged)) { response in
                    expectRejection(response, rejection(.invalidSignature))
                }
            }
        } catch {
            try await keys.shutdown()
            throw error
        }
        try await keys.shutdown()
        let app = try buildALBApplication(
            verifier: try pool.verifier(), albConfiguration: alb.configuration(keyBaseURL: keys.baseURL), port: 0)
        try await app.test(.live) { client in
            try await client.execute(uri: "/me", method: .get, headers: fields(alb.headers(username: "alice"))) {
                response in
                expectRejection(response, rejection(.jwksUnavailable))
            }
        }
    }

    @Test("the user mapping sees the verified claims; nil is 401 unknown_user")
    func userMapping() async throws {
        let pool = try makeIssuer(pool: "us-east-1_ALBUsers")
        let alb = LocalALB(pool: pool)
        let keys = try await alb.startKeyServer()
        do {
            let verifier = try ALBVerifier(configuration: alb.configuration(keyBaseURL: keys.baseURL))
            let router = Router(context: BasicCognitoRequestContext<String>.self)
            router.add(
                middleware: CognitoALBAuthenticator(verifier: verifier) { claims, _, _ in
                    claims.raw["username"]?.stringValue == "alice" ? "user-row-7" : nil
                })
            router.group("me").add(middleware: CognitoGuardMiddleware()).get { _, context in
                try context.requireIdentity()
            }
            let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)))
            try await app.test(.live) { client in
                let alice = ALBHeaders(data: [alb.dataToken(username: "alice")])
                try await client.execute(uri: "/me", method: .get, headers: fields(alice)) { response in
                    #expect(response.status == .ok)
                    #expect(text(response) == "user-row-7")
                }
                let stranger = ALBHeaders(data: [alb.dataToken(username: "eve")])
                try await client.execute(uri: "/me", method: .get, headers: fields(stranger)) { response in
                    expectRejection(response, .unknownUser(realm: "api"))
                }
                let expired = ALBHeaders(data: [alb.dataToken(username: "alice", expiresIn: -10)])
                try await client.execute(uri: "/me", method: .get, headers: fields(expired)) { response in
                    expectRejection(response, rejection(.expired))
                }
            }
        } catch {
            try await keys.shutdown()
            throw error
        }
        try await keys.shutdown()
    }
}
