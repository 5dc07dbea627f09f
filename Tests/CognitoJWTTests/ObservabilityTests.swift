import CognitoJWT
import CognitoJWTTesting
import Foundation
import Logging
import MetricsTestKit
import Testing

/// Metrics by outcome and fetch result; logs at the documented levels, never with a token.
@Suite("Metrics and logs")
struct ObservabilityTests {
    /// Collects log records.
    final class Recorder: Sendable {
        struct Record: Sendable {
            let level: Logger.Level
            let text: String
        }
        let records = LockedValue<[Record]>([])
    }

    struct RecordingHandler: LogHandler {
        let recorder: Recorder
        var logLevel: Logger.Level = .trace
        var metadata: Logger.Metadata = [:]

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(
            level: Logger.Level, message: Logger.Message, metadata: Logger.Metadata?, source: String,
            file: String, function: String, line: UInt
        ) {
            let all = (metadata ?? [:]).map { "\($0.key)=\($0.value)" }.joined(separator: " ")
            recorder.records.withLock { $0.append(.init(level: level, text: "\(message) \(all)")) }
        }
    }

    @Test("counters by outcome and by fetch result; a rejection logs at debug, a failed fetch at warning")
    func metricsAndLogs() async throws {
        let metrics = TestMetrics()
        let recorder = Recorder()
        let logger = Logger(label: "test") { _ in RecordingHandler(recorder: recorder) }
        let issuer = sharedIssuer
        let server = try await LocalHTTPServer.start { path in path == "/good" ? .json(issuer.jwksJSON) : .status(500) }
        defer { Task { try? await server.shutdown() } }
        let verifier = try CognitoVerifier(
            pools: [
                issuer.pool(keySource: .url(server.baseURL + "/good")),
                CognitoPool(
                    issuer: "https://broken.example", clientIDs: .every, keySource: .url(server.baseURL + "/bad")),
            ],
            logger: logger, metricsFactory: metrics)
        let token = issuer.accessToken(username: "alice")
        _ = try await verifier.verify(token)
        _ = try await verifier.verify(token)
        let expired = issuer.accessToken(username: "alice", expiresIn: -5)
        await #expect(throws: CognitoJWTError.self) { try await verifier.verify(expired) }
        let broken = LocalCognitoIssuer.sign(
            headerJSON: #"{"alg":"RS256","kid":"x"}"#,
            payloadJSON: #"{"iss":"https://broken.example","exp":9999999999,"token_use":"access"}"#,
            with: issuer.signingKeys[0].privateKey)
        await #expect(throws: CognitoJWTError.self) { try await verifier.verify(broken) }

        func count(_ label: String, _ dimensions: [(String, String)]) throws -> Int64 {
            try metrics.expectCounter(label, dimensions).totalValue
        }
        #expect(try count("cognito_jwt_verifications_total", [("outcome", "accepted")]) == 2)
        #expect(try count("cognito_jwt_verifications_total", [("outcome", "expired")]) == 1)
        #expect(try count("cognito_jwt_verifications_total", [("outcome", "jwks_unavailable")]) == 1)
        #expect(try count("cognito_jwt_jwks_fetches_total", [("result", "ok")]) == 1)
        #expect(try count("cognito_jwt_jwks_fetches_total", [("result", "error")]) == 1)

        let records = recorder.records.withLock { $0 }
        #expect(records.contains { $0.level == .debug && $0.text.contains("expired") })
        #expect(records.contains { $0.level == .warning && $0.text.contains("JWKS") })
        let signature = String(expired.split(separator: ".")[2].prefix(20))
        let payload = String(expired.split(separator: ".")[1].prefix(20))
        #expect(!records.contains { $0.text.contains(signature) || $0.text.contains(payload) })
    }

    @Test("ALB: one count per verification by outcome, key fetches by result with their durations")
    func albMetrics() async throws {
        let metrics = TestMetrics()
        let alb = makeALB()
        let token = alb.dataToken(username: "alice", email: "alice@example.org")
        try await withKeyServer(alb) { server in
            let verifier = try makeALBVerifier(alb, keyBaseURL: server.baseURL, metricsFactory: metrics)
            _ = try await verifier.verify(token)
            _ = try await verifier.verify(headers: ALBHeaders(data: [token]))
            #expect(await albCode(verifier, flippingSignatureByte(token, at: 10)) == .invalidSignature)
            #expect(await albCode(verifier, headers: ALBHeaders(data: [token, token])) == .malformed)
        }
        let down = try await LocalHTTPServer.start { _ in .status(500) }
        defer { Task { try? await down.shutdown() } }
        let cut = try makeALBVerifier(alb, keyBaseURL: down.baseURL, metricsFactory: metrics)
        #expect(await albCode(cut, token) == .jwksUnavailable)

        func count(_ label: String, _ dimensions: [(String, String)]) throws -> Int64 {
            try metrics.expectCounter(label, dimensions).totalValue
        }
        let outcomes = "cognito_jwt_alb_verifications_total"
        #expect(try count(outcomes, [("outcome", "accepted")]) == 2)
        #expect(try count(outcomes, [("outcome", "invalid_signature")]) == 1)
        #expect(try count(outcomes, [("outcome", "malformed")]) == 1)
        #expect(try count(outcomes, [("outcome", "jwks_unavailable")]) == 1)
        #expect(try count("cognito_jwt_alb_key_fetches_total", [("result", "ok")]) == 1)
        #expect(try count("cognito_jwt_alb_key_fetches_total", [("result", "error")]) == 1)
        let durations = try metrics.expectTimer("cognito_jwt_alb_key_fetch_duration_seconds", [("result", "ok")])
        #expect(durations.values.count == 1 && durations.values.allSatisfy { $0 > 0 })
        #expect(metrics.counters.allSatisfy { !$0.label.hasPrefix("cognito_jwt_verifications") })
    }

    @Test("a timer per fetch, the cache's entries and lookups, cool-down refusals; labels stay bounded")
    func fetchTimerCacheAndRefusals() async throws {
        let metrics = TestMetrics()
        let issuer = sharedIssuer
        let jwks = issuer.jwksJSON
        try await withLocalServer({ _ in .json(jwks) }) { server in
            let verifier = try CognitoVerifier(
                pools: [issuer.pool(keySource: .url(server.baseURL + "/jwks"))],
                jwksOptions: JWKSFetchOptions(cooldown: .seconds(600)), metricsFactory: metrics)
            let token = issuer.accessToken(username: "alice")
            _ = try await verifier.verify(token)
            _ = try await verifier.verify(token)
            _ = try await verifier.verify(token)
            _ = try await verifier.verify(issuer.idToken(username: "bob"))
            let stranger = sharedStranger.accessToken(username: "mallory")
            await #expect(throws: CognitoJWTError.self) { try await verifier.verify(stranger) }  // fetches, lacks it
            await #expect(throws: CognitoJWTError.self) { try await verifier.verify(stranger) }  // cool-down

            let fetches = try metrics.expectTimer("cognito_jwt_jwks_fetch_duration_seconds", [("result", "ok")])
            #expect(fetches.values.count == 2)
            #expect(fetches.values.allSatisfy { $0 > 0 })
            #expect(try metrics.expectCounter("cognito_jwt_jwks_fetches_total", [("result", "ok")]).totalValue == 2)
            let entries = try metrics.expectGauge("cognito_jwt_token_cache_entries")
            #expect(entries.lastValue == 2)
            let lookups = "cognito_jwt_token_cache_lookups_total"
            #expect(try metrics.expectCounter(lookups, [("result", "hit")]).totalValue == 2)
            #expect(try metrics.expectCounter(lookups, [("result", "miss")]).totalValue == 4)
            let refusals = "cognito_jwt_jwks_refusals_total"
            #expect(try metrics.expectCounter(refusals, [("reason", "cooldown")]).totalValue == 1)
            #expect(try metrics.expectCounter(refusals, [("reason", "backoff")]).totalValue == 0)
            #expect(verifier.tokenCacheStatistics.entries == 2)

            let bounded: Set<String> =
                Set(CognitoJWTError.Code.allCases.map(\.rawValue)).union([
                    "accepted", "ok", "error", "hit", "miss", "cooldown", "backoff",
                ])
            for counter in metrics.counters {
                for (_, value) in counter.dimensions { #expect(bounded.contains(value), "\(value)") }
            }
        }
    }

    @Test("one info line per JWKS fetch with URL, status, keys and duration; rejections at debug with the code")
    func fetchLogLine() async throws {
        let recorder = Recorder()
        let logger = Logger(label: "test") { _ in RecordingHandler(recorder: recorder) }
        let issuer = sharedIssuer
        let jwks = issuer.jwksJSON
        try await withLocalServer({ _ in .json(jwks) }) { server in
            let url = server.baseURL + "/jwks"
            let verifier = try CognitoVerifier(pools: [issuer.pool(keySource: .url(url))], logger: logger)
            let token = issuer.accessToken(username: "alice")
            _ = try await verifier.verify(token)
            _ = try await verifier.verify(token)
            let wrong = issuer.accessToken(username: "alice", expiresIn: -5)
            await #expect(throws: CognitoJWTError.self) { try await verifier.verify(wrong) }
            let records = recorder.records.withLock { $0 }
            let fetched = records.filter { $0.text.hasPrefix("JWKS fetched") }
            #expect(fetched.count == 1)
            #expect(fetched.allSatisfy { $0.level == .info })
            for part in ["jwks=\(url)", "status=200", "keys=2", "durationMs="] {
                #expect(fetched.first?.text.contains(part) == true, "\(part)")
            }
            let rejected = records.filter { $0.text.hasPrefix("token rejected") }
            #expect(rejected.count == 1)
            #expect(rejected.allSatisfy { $0.level == .debug && $0.text.contains("code=expired") })
            for part in token.split(separator: ".") + wrong.split(separator: ".") {
                #expect(!records.contains { $0.text.contains(part.prefix(16)) })
            }
        }
    }
}
