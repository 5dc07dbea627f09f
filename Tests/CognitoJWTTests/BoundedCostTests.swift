import CognitoJWT
import CognitoJWTTesting
import Foundation
import Logging
import Testing

/// What a security review of the verifier asked for: reading any input costs time linear in its size, a
/// failing JWKS endpoint is not hammered, and the small places where the package was looser than its rules.
@Suite("Bounded cost and quiet failure")
struct BoundedCostTests {
    let issuer = sharedIssuer

    /// An unsigned-looking token whose payload segment is `payload` (the parse fails or passes before any key).
    func token(payload: String, header: String = #"{"alg":"RS256","kid":"k"}"#) -> String {
        Base64URL.encode(Array(header.utf8)) + "." + Base64URL.encode(Array(payload.utf8)) + "."
            + Base64URL.encode([UInt8](repeating: 7, count: 256))
    }

    func parseError(_ token: String) -> String? {
        do {
            _ = try CompactJWS(parsing: token)
            return nil
        } catch {
            return error.message
        }
    }

    /// `count` distinct two-character member names with value 0.
    func members(_ count: Int, prefix: String = "") -> String {
        let alphabet = Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
        return (0..<count).map { i in
            "\"\(prefix)\(alphabet[i / alphabet.count % alphabet.count])\(alphabet[i % alphabet.count])\":0"
        }.joined(separator: ",")
    }

    @Test("a duplicate name is found among many names, also after unescaping, in flat and nested objects")
    func duplicatesAmongMany() {
        for count in [2, 15, 16, 17, 40, 200, 255] {
            let names = members(count)
            #expect(parseError(token(payload: "{\(names)}")) == nil, "\(count) distinct")
            #expect(parseError(token(payload: "{\(names),\"aa\":1}"))?.contains("duplicate") == true, "\(count) flat")
            #expect(parseError(token(payload: #"{"x":{\#(names),"\u0061a":1}}"#))?.contains("duplicate") == true)
            #expect((try? StrictJSON.parseObject(Array("{\(names),\"a\\u0061\":1}".utf8))) == nil)
        }
    }

    @Test("a token holds at most 256 members per object, 4,096 values and 32 levels")
    func tokenLimits() {
        #expect(parseError(token(payload: "{\(members(256))}")) == nil)
        #expect(parseError(token(payload: "{\(members(257))}"))?.contains("more than 256 members") == true)
        #expect(parseError(token(payload: #"{"x":{\#(members(257))}}"#))?.contains("more than 256 members") == true)
        #expect(parseError(token(payload: "{\(members(2))}", header: "{\(members(257))}"))?.contains("header") == true)
        let values = #"{"a":[\#(Array(repeating: "0", count: 4_095).joined(separator: ","))]}"#
        #expect(parseError(token(payload: values)) == nil)
        let tooMany = #"{"a":[\#(Array(repeating: "0", count: 4_096).joined(separator: ","))]}"#
        #expect(parseError(token(payload: tooMany))?.contains("more than 4096 values") == true)
        let deep = #"{"a":"# + String(repeating: "[", count: 31) + String(repeating: "]", count: 31) + "}"
        #expect(parseError(token(payload: deep)) == nil)
        let tooDeep = #"{"a":"# + String(repeating: "[", count: 32) + String(repeating: "]", count: 32) + "}"
        #expect(parseError(token(payload: tooDeep))?.contains("nesting too deep") == true)
        // Documents (a JWKS, `cognito-jwt decode`) allow more.
        #expect((try? StrictJSON.parseObject(Array("{\(members(1_000))}".utf8))) != nil)
        #expect((try? StrictJSON.parseObject(Array("{\(members(1_025))}".utf8))) == nil)
    }

    @Test("a refetch that returns the same keys keeps them trusted, and their tokens cached")
    func refetchKeepsIdenticalKeys() async throws {
        let verifier = try CognitoVerifier(
            pools: [issuer.pool(keySource: .provider { [issuer] in issuer.jwksJSON })], cacheCapacity: 100)
        let token = issuer.accessToken(username: "alice")
        _ = try await verifier.verify(token)
        let before = try #require(verifier.keyStores[0].currentKeySet?.keys)
        for _ in 0..<3 { try await verifier.keyStores[0].refresh() }
        let after = try #require(verifier.keyStores[0].currentKeySet?.keys)
        #expect(before.count == after.count)
        #expect(zip(before, after).allSatisfy { $0 === $1 })
        _ = try await verifier.verify(token)
        #expect(verifier.tokenCacheStatistics.hits == 1)
        #expect(verifier.tokenCacheStatistics.misses == 1)
    }

    @Test("a refetch that drops a key stops trusting it; the keys it keeps stay the same objects")
    func refetchReplacesChangedKeys() async throws {
        let rotating = try LocalCognitoIssuer(region: "eu-west-2")
        let verifier = try CognitoVerifier(
            pools: [rotating.pool(keySource: .provider { [rotating] in rotating.jwksJSON })], cacheCapacity: 100)
        let idToken = rotating.idToken(username: "alice")  // signed by the first key
        let accessToken = rotating.accessToken(username: "alice")  // signed by the second key
        _ = try await verifier.verify(idToken)
        _ = try await verifier.verify(accessToken)
        let old = try #require(verifier.keyStores[0].currentKeySet?.keys)
        _ = try rotating.rotateKeys()  // drops the first key, adds a new one
        try await verifier.keyStores[0].refresh()
        let new = try #require(verifier.keyStores[0].currentKeySet?.keys)
        #expect(new.count == 2)
        #expect(new[0] === old[1])
        #expect(!new.contains { $0 === old[0] })
        await #expect(throws: CognitoJWTError.self) { try await verifier.verify(idToken) }
        _ = try await verifier.verify(accessToken)
        // Both lookups found their entry; the dropped key's token was evicted and refused, the other one served.
        #expect(verifier.tokenCacheStatistics.hits == 2)
        #expect(verifier.tokenCacheStatistics.misses == 2)
        #expect(verifier.tokenCacheStatistics.entries == 1)
    }

    @Test("a JWK whose key_ops lacks verify is unusable, like use enc")
    func keyOps() throws {
        let jwk = issuer.signingKeys[0].jwk.members.map { "\"\($0.name)\":\($0.value.jsonText)" }
            .joined(separator: ",")
        let sets = [
            #"{"keys":[{\#(jwk),"key_ops":["encrypt"]}]}"#: "key_ops does not allow verify",
            #"{"keys":[{\#(jwk),"key_ops":"verify"}]}"#: "key_ops does not allow verify",
            #"{"keys":[{\#(jwk),"key_ops":["sign","verify"]}]}"#: nil,
            #"{"keys":[{\#(jwk)}]}"#: nil,
        ]
        for (document, reason) in sets {
            let set = try JSONWebKeySet(json: document)
            #expect(set.entries.first?.unusableReason == reason)
            #expect(set.keys.count == (reason == nil ? 1 : 0))
        }
    }

    @Test("risky settings log one warning each at start-up: every app client accepted, plain HTTP to another host")
    func riskySettingsWarn() throws {
        func warnings(_ pool: CognitoPool) throws -> [String] {
            let recorder = ObservabilityTests.Recorder()
            let logger = Logger(label: "test") { _ in ObservabilityTests.RecordingHandler(recorder: recorder) }
            _ = try CognitoVerifier(pools: [pool], logger: logger)
            return recorder.records.withLock { $0 }.filter { $0.level == .warning }.map(\.text)
        }
        let open = try warnings(CognitoPool(issuer: "https://issuer.example/p", clientIDs: .every))
        #expect(open.count == 1)
        #expect(open.first?.contains("every app client") == true)
        #expect(try warnings(CognitoPool(issuer: "https://issuer.example/p", clientIDs: ["c"])).isEmpty)
        let plain = try warnings(
            CognitoPool(issuer: "https://issuer.example/p", clientIDs: ["c"], keySource: .url("http://keys.example/j")))
        #expect(plain.count == 1)
        #expect(plain.first?.contains("plain HTTP") == true)
        for local in ["http://127.0.0.1:9/j", "http://localhost:9/j", "http://[::1]:9/j", "http://127.0.0.2/j"] {
            #expect(try warnings(CognitoPool(issuer: "https://i/p", clientIDs: ["c"], keySource: .url(local))).isEmpty)
        }
    }

    @Test("a failing JWKS: 800 concurrent unknown-kid requests make one fetch and one warning, all 503 at once")
    func backoffUnderLoad() async throws {
        try await withLocalServer({ _ in .status(500) }) { server in
            let recorder = ObservabilityTests.Recorder()
            let logger = Logger(label: "test") { _ in ObservabilityTests.RecordingHandler(recorder: recorder) }
            let verifier = try CognitoVerifier(
                pools: [issuer.pool(keySource: .url(server.baseURL + "/jwks.json"))], logger: logger)
            let token = issuer.accessToken(username: "alice")
            let codes = await withTaskGroup(of: CognitoJWTError.Code?.self) { group in
                for _ in 0..<800 {
                    group.addTask { await rejection { () throws(CognitoJWTError) in try await verifier.verify(token) } }
                }
                var codes: [CognitoJWTError.Code?] = []
                for await code in group { codes.append(code) }
                return codes
            }
            #expect(codes.count == 800)
            #expect(codes.allSatisfy { $0 == .jwksUnavailable })
            #expect(server.requestCount <= 5)
            #expect(verifier.keyStores[0].fetchCount == server.requestCount)
            let warnings = recorder.records.withLock { $0 }.filter { $0.level == .warning && $0.text.contains("JWKS") }
            #expect(warnings.count == verifier.keyStores[0].fetchCount)
            #expect(warnings.count <= 10)
        }
    }

    @Test("the back-off doubles after each failure, counts what it refused, and resets on success")
    func backoffSteps() async throws {
        let failing = LockedValue(true)
        let server = try await LocalHTTPServer.start { [issuer] _ in
            failing.withLock { $0 } ? .status(503) : .json(issuer.jwksJSON)
        }
        defer { Task { try? await server.shutdown() } }
        let recorder = ObservabilityTests.Recorder()
        let logger = Logger(label: "test") { _ in ObservabilityTests.RecordingHandler(recorder: recorder) }
        let options = JWKSFetchOptions(failureBackoff: .seconds(2), maximumFailureBackoff: .seconds(4))
        let verifier = try CognitoVerifier(
            pools: [issuer.pool(keySource: .url(server.baseURL + "/jwks.json"))], jwksOptions: options, logger: logger)
        let token = issuer.accessToken(username: "alice")
        func code() async -> CognitoJWTError.Code? {
            await rejection { () throws(CognitoJWTError) in try await verifier.verify(token) }
        }
        #expect(await code() == .jwksUnavailable)
        #expect(server.requestCount == 1)
        for _ in 0..<5 { #expect(await code() == .jwksUnavailable) }  // refused during the back-off
        #expect(server.requestCount == 1)
        try await Task.sleep(for: .milliseconds(2_500))
        #expect(await code() == .jwksUnavailable)  // the second fetch fails: the back-off is now 4 s
        #expect(server.requestCount == 2)
        let second = recorder.records.withLock { $0 }.filter { $0.level == .warning }.last?.text ?? ""
        #expect(second.contains("refusedSinceLastFailure=5"))
        #expect(second.contains("retryIn=4.0 seconds"))
        try await Task.sleep(for: .milliseconds(2_500))
        #expect(await code() == .jwksUnavailable)  // still inside the doubled back-off
        #expect(server.requestCount == 2)
        failing.withLock { $0 = false }
        try await Task.sleep(for: .milliseconds(2_000))
        #expect(await code() == nil)
        #expect(server.requestCount == 3)
        // After a success the back-off is gone: an unknown kid fetches again at once.
        let stranger = sharedStranger
        #expect(
            await rejection { () throws(CognitoJWTError) in
                try await verifier.verify(stranger.accessToken(username: "e"))
            } == .unknownKey)
        #expect(server.requestCount == 4)
    }

    @Test("known keys keep working while the JWKS fails")
    func knownKeysDuringOutage() async throws {
        let failing = LockedValue(false)
        let server = try await LocalHTTPServer.start { [issuer] _ in
            failing.withLock { $0 } ? .status(500) : .json(issuer.jwksJSON)
        }
        defer { Task { try? await server.shutdown() } }
        let verifier = try CognitoVerifier(pools: [issuer.pool(keySource: .url(server.baseURL + "/jwks.json"))])
        try await verifier.hydrate()
        failing.withLock { $0 = true }
        await #expect(throws: CognitoJWTError.self) { try await verifier.keyStores[0].refresh() }
        let stranger = sharedStranger
        #expect(
            await rejection { () throws(CognitoJWTError) in
                try await verifier.verify(stranger.accessToken(username: "e"))
            } == .jwksUnavailable)
        for _ in 0..<3 {
            #expect(
                await rejection { () throws(CognitoJWTError) in
                    try await verifier.verify(issuer.accessToken(username: "a"))
                } == nil)
        }
        #expect(server.requestCount == 2)
    }

    @Test("the payload is read only after the signature verifies: a forged one is never parsed")
    func payloadAfterSignature() async throws {
        let verifier = try makeVerifier()
        try await verifier.hydrate()
        let header = Base64URL.encode(Array(cognitoHeader().utf8))
        let genuine = issuer.accessToken(username: "alice")
        let signature = String(genuine.split(separator: ".")[2])
        for payload in [#"{"iss":1,"iss":2}"#, "{" + members(300) + "}", "[" + String(repeating: "[", count: 40)] {
            let forged = header + "." + Base64URL.encode(Array(payload.utf8)) + "." + signature
            #expect(
                await rejection { () throws(CognitoJWTError) in try await verifier.verify(forged) } == .invalidSignature
            )
        }
        // With a signature that verifies, the same strict rules apply to the payload.
        let signedDuplicate = signRaw(header: cognitoHeader(), payload: #"{"iss":"a","\u0069ss":"b"}"#)
        #expect(
            await rejection { () throws(CognitoJWTError) in try await verifier.verify(signedDuplicate) } == .malformed)
    }

    @Test("a kid no JWKS holds: the payload's iss picks the JWKS to fetch, and a foreign iss fetches nothing")
    func unknownKidReadsIssFirst() async throws {
        try await withLocalServer({ [issuer] _ in .json(issuer.jwksJSON) }) { server in
            let verifier = try CognitoVerifier(pools: [issuer.pool(keySource: .url(server.baseURL + "/jwks.json"))])
            let foreign = try LocalCognitoIssuer(region: "ap-south-1", userPoolID: "ap-south-1_Foreign")
            let code = await rejection { () throws(CognitoJWTError) in
                try await verifier.verify(foreign.accessToken(username: "mallory"))
            }
            #expect(code == .wrongIssuer)
            #expect(server.requestCount == 0)
            #expect(
                await rejection { () throws(CognitoJWTError) in
                    try await verifier.verify(issuer.accessToken(username: "a"))
                } == nil)
            #expect(server.requestCount == 1)
        }
    }

    @Test("pools with different JWKSs never vouch for each other's tokens")
    func poolsDoNotVouchForEachOther() async throws {
        let other = try LocalCognitoIssuer(region: "eu-north-1", userPoolID: "eu-north-1_Other")
        let verifier = try CognitoVerifier(pools: [
            CognitoPool(issuer: issuer.issuer, clientIDs: .every, keySource: .document(issuer.jwksJSON)),
            CognitoPool(issuer: other.issuer, clientIDs: .every, keySource: .document(other.jwksJSON)),
        ])
        try await verifier.hydrate()
        #expect(
            await rejection { () throws(CognitoJWTError) in try await verifier.verify(issuer.accessToken(username: "a"))
            } == nil)
        #expect(
            await rejection { () throws(CognitoJWTError) in try await verifier.verify(other.accessToken(username: "b"))
            } == nil)
        // Signed with this pool's key, claiming the other pool's issuer.
        var claims = accessClaims()
        claims["iss"] = .string(other.issuer)
        claims["exp"] = .number(String(Int(Date().timeIntervalSince1970) + 600))
        let crossed = signRaw(header: cognitoHeader(), payload: json(claims))
        #expect(await rejection { () throws(CognitoJWTError) in try await verifier.verify(crossed) } == .wrongIssuer)
    }

    @Test("while the JWKS may not be refetched, a token with an unknown kid is refused with its payload unread")
    func unknownKidDuringCooldown() async throws {
        try await withLocalServer({ [issuer] _ in .json(issuer.jwksJSON) }) { server in
            let verifier = try CognitoVerifier(pools: [issuer.pool(keySource: .url(server.baseURL + "/jwks.json"))])
            func code(_ token: String) async -> CognitoJWTError.Code? {
                await rejection { () throws(CognitoJWTError) in try await verifier.verify(token) }
            }
            #expect(await code(sharedStranger.accessToken(username: "eve")) == .unknownKey)  // fetched: not there
            #expect(server.requestCount == 1)
            let header = Base64URL.encode(Array(#"{"alg":"RS256","kid":"never-seen"}"#.utf8))
            let broken = header + "." + Base64URL.encode(Array(#"{"iss":1,"iss":2}"#.utf8)) + ".AAAA"
            #expect(await code(broken) == .unknownKey)  // cooling down: not .malformed, the payload stays unread
            let foreign = try LocalCognitoIssuer(region: "ap-south-1", userPoolID: "ap-south-1_Foreign")
            #expect(await code(foreign.accessToken(username: "m")) == .unknownKey)
            #expect(server.requestCount == 1)
        }
    }
}
