import CognitoJWT
import CognitoJWTTesting
import InMemoryTracing
import Testing
import Tracing

/// `cognito.verify` and `cognito.jwks.fetch` spans, recorded by swift-distributed-tracing's in-memory tracer.
@Suite("Tracing")
struct TracingTests {
    /// The text of a string attribute, the value of an integer one.
    static func string(_ attribute: (any SpanAttributeConvertible)?) -> String? {
        if case .string(let value) = attribute?.toSpanAttribute() { return value }
        return nil
    }

    static func int(_ attribute: (any SpanAttributeConvertible)?) -> Int64? {
        if case .int64(let value) = attribute?.toSpanAttribute() { return value }
        return nil
    }

    /// Every string attribute value of a span.
    static func values(_ span: FinishedInMemorySpan) -> [String] {
        var values: [String] = []
        for name in [
            CognitoSpanNames.outcome, CognitoSpanNames.issuer, CognitoSpanNames.kid, CognitoSpanNames.tokenUse,
            CognitoSpanNames.cache, CognitoSpanNames.url, CognitoSpanNames.source, CognitoSpanNames.error,
        ] {
            if let value = string(span.attributes[name]) { values.append(value) }
        }
        return values
    }

    @Test("a verification is a child span of the request's span; a JWKS fetch a child of the verification")
    func spans() async throws {
        let tracer = InMemoryTracer()
        let issuer = sharedIssuer
        let jwks = issuer.jwksJSON
        try await withLocalServer({ _ in .json(jwks) }) { server in
            let url = server.baseURL + "/jwks"
            let token = issuer.accessToken(username: "alice")
            let expired = issuer.accessToken(username: "alice", expiresIn: -5)
            try await withTracer(tracer) {
                let verifier = try CognitoVerifier(pools: [issuer.pool(tokenUse: .access, keySource: .url(url))])
                try await withSpan("GET /me", ofKind: .server) { _ in
                    _ = try await verifier.verify(token)
                    _ = try await verifier.verify(token)
                    await #expect(throws: CognitoJWTError.self) { try await verifier.verify(expired) }
                }
            }
            let spans = tracer.finishedSpans
            let request = try #require(spans.first { $0.operationName == "GET /me" })
            let verifies = spans.filter { $0.operationName == CognitoSpanNames.verify }
            #expect(verifies.count == 3)
            #expect(verifies.allSatisfy { $0.parentSpanID == request.spanID && $0.traceID == request.traceID })
            #expect(verifies.allSatisfy { $0.kind == .internal })

            let (miss, hit, rejected) = (verifies[0].attributes, verifies[1].attributes, verifies[2].attributes)
            #expect(Self.string(miss[CognitoSpanNames.outcome]) == "accepted")
            #expect(Self.string(miss[CognitoSpanNames.cache]) == "miss")
            #expect(Self.string(hit[CognitoSpanNames.cache]) == "hit")
            #expect(Self.string(hit[CognitoSpanNames.outcome]) == "accepted")
            #expect(Self.string(miss[CognitoSpanNames.issuer]) == issuer.issuer)
            #expect(Self.string(miss[CognitoSpanNames.kid]) == issuer.signingKeys[1].kid)
            #expect(Self.string(miss[CognitoSpanNames.tokenUse]) == "access")
            #expect(Self.string(rejected[CognitoSpanNames.outcome]) == "expired")
            #expect(Self.string(rejected[CognitoSpanNames.issuer]) == issuer.issuer)
            #expect(Self.string(rejected[CognitoSpanNames.kid]) == issuer.signingKeys[1].kid)
            #expect(verifies[2].status == nil)

            let fetch = try #require(spans.first { $0.operationName == CognitoSpanNames.jwksFetch })
            #expect(fetch.parentSpanID == verifies[0].spanID)
            #expect(fetch.kind == .client)
            #expect(Self.string(fetch.attributes[CognitoSpanNames.url]) == url)
            #expect(Self.int(fetch.attributes[CognitoSpanNames.status]) == 200)
            #expect(Self.int(fetch.attributes[CognitoSpanNames.bytes]) == Int64(jwks.utf8.count))
            #expect(Self.int(fetch.attributes[CognitoSpanNames.keys]) == 2)
            #expect(fetch.attributes[CognitoSpanNames.duration] != nil)
            #expect(fetch.status == nil)

            for span in verifies + [fetch] {
                for value in Self.values(span) {
                    for part in token.split(separator: ".") + expired.split(separator: ".") {
                        #expect(!value.contains(part.prefix(16)))
                    }
                    #expect(!value.contains("alice"))
                    #expect(!value.contains(issuer.subject(for: "alice")))
                }
            }
        }
    }

    @Test("a failed JWKS fetch is a failed span with the status and the reason; the verification's span says why")
    func failedFetch() async throws {
        let tracer = InMemoryTracer()
        let issuer = sharedIssuer
        try await withLocalServer({ _ in .status(500) }) { server in
            try await withTracer(tracer) {
                let verifier = try CognitoVerifier(
                    pools: [issuer.pool(keySource: .url(server.baseURL + "/jwks"))])
                await #expect(throws: CognitoJWTError.self) {
                    try await verifier.verify(issuer.accessToken(username: "alice"))
                }
            }
        }
        let fetch = try #require(tracer.finishedSpans.first { $0.operationName == CognitoSpanNames.jwksFetch })
        #expect(Self.int(fetch.attributes[CognitoSpanNames.status]) == 500)
        #expect(Self.string(fetch.attributes[CognitoSpanNames.error]) == "JWKS endpoint answered HTTP 500")
        #expect(fetch.status?.code == .error)
        #expect(fetch.errors.count == 1)
        let verify = try #require(tracer.finishedSpans.first { $0.operationName == CognitoSpanNames.verify })
        #expect(Self.string(verify.attributes[CognitoSpanNames.outcome]) == "jwks_unavailable")
        #expect(verify.status?.code == .error)
        #expect(fetch.parentSpanID == verify.spanID)
    }

    @Test("a verifier made while no tracer was active traces nothing; a rejected token's span keeps no claim")
    func onlyWithATracerAtStart() async throws {
        let tracer = InMemoryTracer()
        let untraced = try makeVerifier(cacheCapacity: 10)
        let token = signRaw(header: cognitoHeader(), payload: json(accessClaims()))
        try await withTracer(tracer) {
            let traced = try makeVerifier(cacheCapacity: 10)
            try await withSpan("job") { _ in
                _ = try await untraced.verify(token)
                _ = try await traced.verify(token)
                _ = try await traced.verify(token)
                _ = try? await traced.verify("not.a.token")
            }
        }
        let verifies = tracer.finishedSpans.filter { $0.operationName == CognitoSpanNames.verify }
        #expect(verifies.count == 3)
        #expect(Self.string(verifies[0].attributes[CognitoSpanNames.cache]) == "miss")
        #expect(Self.string(verifies[1].attributes[CognitoSpanNames.cache]) == "hit")
        #expect(Self.string(verifies[2].attributes[CognitoSpanNames.outcome]) == "malformed")
        #expect(verifies[2].attributes[CognitoSpanNames.kid] == nil)
        #expect(verifies[2].attributes[CognitoSpanNames.issuer] == nil)
    }
}
