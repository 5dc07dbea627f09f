import AsyncHTTPClient
import CognitoJWT
import CognitoJWTTesting
import Foundation
import NIOPosix
import Testing

@Suite("Fault storm: serve under load while its JWKS and its database fail", .timeLimit(.minutes(30)))
struct FaultStormTests {
    /// How the JWKS endpoint behaves at a moment of the storm.
    enum JWKSMode: String, CaseIterable, Sendable {
        case healthy, failing, stalling, garbage, cut

        func reply(_ issuer: LocalCognitoIssuer) -> LocalHTTPServer.Reply {
            switch self {
            case .healthy: .json(issuer.jwksJSON)
            case .failing: .status(500)
            case .stalling: LocalHTTPServer.Reply(steps: [.pause(.seconds(30))])
            case .garbage: .json("{\"keys\":[{\"kty\":\"RSA\",\"kid\":")
            case .cut:
                LocalHTTPServer.Reply(steps: [
                    .send(LocalHTTPServer.Reply.head(status: 200, headers: [("Content-Length", "5000")])),
                    .send(Array("{\"keys\":[".utf8)), .close,
                ])
            }
        }
    }

    /// The kinds of request the storm mixes.
    enum Kind: CaseIterable, Sendable { case valid, newUser, expired, forged, malformed, oversized, unknownKey }

    /// Seconds of load; `STORM_SECONDS` raises it (`scripts/fault-storm.sh`).
    static let seconds = ProcessInfo.processInfo.environment["STORM_SECONDS"].flatMap(Double.init) ?? 12

    /// The resident set of a process, in KiB (Linux `/proc/<pid>/status`).
    static func residentKiB(_ pid: Int32) -> Int {
        let status = (try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8)) ?? ""
        let line = status.split(separator: "\n").first { $0.hasPrefix("VmRSS:") } ?? ""
        return Int(line.split(separator: " ").dropFirst().first ?? "") ?? 0
    }

    @Test("only 200, 4xx and documented 503s (a valid token's only from the database); all 200 once back")
    func faultStorm() async throws {
        let database = try await PostgresServer.startPrivate()
        defer { database.destroy() }
        let issuer = try LocalCognitoIssuer(region: "eu-west-1", userPoolID: "eu-west-1_Storm")
        let mode = LockedValue(JWKSMode.healthy)
        let jwks = try await LocalHTTPServer.start { _ in mode.withLock { $0 }.reply(issuer) }
        let client = HTTPClient(
            eventLoopGroupProvider: .shared(MultiThreadedEventLoopGroup.singleton),
            configuration: .init(timeout: .init(connect: .seconds(5), read: .seconds(20))))
        do {
            let serve = try await ServeProcess.start(environment: [
                "COGNITO_AWS_REGION": issuer.region, "COGNITO_USER_POOL": issuer.userPoolID,
                "COGNITO_AUDIENCE": issuer.clientID, "COGNITO_JWKS_URL": jwks.baseURL + issuer.jwksPath,
                "DATABASE_URL": database.adminURL,
                // Short waits, so the storm's unknown keys reach the JWKS endpoint in every one of its moods.
                "COGNITO_JWKS_TIMEOUT_SECONDS": "1", "COGNITO_JWKS_COOLDOWN_SECONDS": "0.2",
                "COGNITO_JWKS_BACKOFF_SECONDS": "0.1", "COGNITO_JWKS_MAX_BACKOFF_SECONDS": "0.4",
            ])
            let tokens = Self.tokens(issuer)
            let startRSS = Self.residentKiB(serve.process.processIdentifier)
            let tally = LockedValue(Tally())
            let deadline = ContinuousClock.now + .seconds(Self.seconds)
            try await withThrowingTaskGroup(of: Void.self) { group in
                for worker in 0..<16 {
                    group.addTask {
                        var index = worker
                        while ContinuousClock.now < deadline {
                            let kind = Kind.allCases[index % Kind.allCases.count]
                            let token =
                                kind == .newUser
                                ? issuer.idToken(username: "storm-new-\(index)")
                                : tokens[kind]![index / Kind.allCases.count % tokens[kind]!.count]
                            index += 16
                            let reply = try? await serve.get("/me", token: token, client: client)
                            tally.withLock { $0.record(kind, reply) }
                        }
                    }
                }
                group.addTask {
                    let step = Self.seconds / 10
                    for (at, change) in [
                        (1.0, "jwks failing"), (2.0, "database stop"), (3.0, "jwks stalling"),
                        (4.5, "jwks garbage"), (5.5, "jwks cut"), (6.5, "database start"), (7.5, "jwks healthy"),
                    ] {
                        try await Task.sleep(until: deadline - .seconds(Self.seconds) + .seconds(at * step))
                        switch change {
                        case "database stop": try await database.stop()
                        case "database start": try await database.start()
                        default: mode.withLock { $0 = JWKSMode(rawValue: String(change.dropFirst(5)))! }
                        }
                    }
                }
                try await group.waitForAll()
            }
            // Everything is back: every valid token answers 200 (the database pool reconnects within seconds).
            var recovered: [Int] = []
            for _ in 0..<60 {
                recovered = []
                for token in tokens[.valid]! {
                    recovered.append((try? await serve.get("/me", token: token))?.status ?? 0)
                }
                if recovered.allSatisfy({ $0 == 200 }) { break }
                try await Task.sleep(for: .milliseconds(250))
            }
            let endRSS = Self.residentKiB(serve.process.processIdentifier)
            let result = tally.withLock { $0 }
            print(
                "figure: fault-storm \(result.sent) requests in \(Int(Self.seconds)) s, statuses "
                    + result.statuses.sorted { $0.key < $1.key }.map { "\($0.key)×\($0.value)" }.joined(separator: " ")
                    + ", 503 reasons \(result.unavailableReasons.sorted { $0.key < $1.key })"
                    + ", JWKS requests \(jwks.requestCount), RSS \(startRSS / 1024) → \(endRSS / 1024) MiB")
            #expect(serve.process.isRunning, "serve died: \(serve.standardError.suffix(2000))")
            #expect(result.sent > 200, "too few requests to call it a storm: \(result.sent)")
            #expect(result.unexpected.isEmpty, "\(result.unexpected.prefix(10))")
            #expect(Set(result.unavailableReasons.keys).isSubset(of: ["jwks_unavailable", "user_store_unavailable"]))
            #expect((result.statuses[200] ?? 0) > 0 && (result.statuses[401] ?? 0) > 0)
            #expect(result.unavailableReasons["user_store_unavailable"] ?? 0 > 0, "the database outage went unseen")
            #expect(result.unavailableReasons["jwks_unavailable"] ?? 0 > 0, "the JWKS outage went unseen")
            #expect(recovered.allSatisfy { $0 == 200 }, "after the storm: \(recovered)")
            #expect(jwks.requestCount > 10, "the storm hardly reached the JWKS endpoint: \(jwks.requestCount)")
            #expect(endRSS < startRSS + 64 * 1024, "resident memory grew from \(startRSS) KiB to \(endRSS) KiB")
            let log = serve.standardError
            for token in tokens.values.joined() where token.count > 40 { #expect(!log.contains(token)) }
        } catch {
            try? await client.shutdown()
            try await jwks.shutdown()
            throw error
        }
        try await client.shutdown()
        try await jwks.shutdown()
    }

    /// A few tokens of each kind: valid (several users), expired, forged signature, malformed, oversized, and
    /// signed by a key the JWKS does not have (each such token makes the server ask the JWKS endpoint).
    static func tokens(_ issuer: LocalCognitoIssuer) -> [Kind: [String]] {
        let now = Int(Date().timeIntervalSince1970)
        let valid = (0..<6).map { issuer.idToken(username: "storm-\($0)", groups: ["users"]) }
        let stranger = try! LocalCognitoIssuer(region: issuer.region, userPoolID: issuer.userPoolID)
        return [
            .valid: valid, .newUser: [],
            .expired: [issuer.idToken(username: "storm-old", expiresIn: 60, issuedAt: now - 7200)],
            .forged: valid.prefix(2).map { String($0.dropLast(4)) + ($0.hasSuffix("AAAA") ? "BBBB" : "AAAA") },
            .malformed: ["abc", "a.b.c", valid[0].replacingOccurrences(of: ".", with: "..")],
            .oversized: [String(repeating: "A", count: 15_000) + "." + String(repeating: "B", count: 4_000) + ".C"],
            .unknownKey: [stranger.idToken(username: "storm-stranger"), stranger.accessToken(username: "x")],
        ]
    }

    /// The answers of the storm, by status and by kind.
    struct Tally: Sendable {
        var sent = 0
        var statuses: [Int: Int] = [:]
        var unavailableReasons: [String: Int] = [:]
        var unexpected: [String] = []

        mutating func record(_ kind: Kind, _ reply: ServeProcess.Reply?) {
            sent += 1
            let status = reply?.status ?? 0
            statuses[status, default: 0] += 1
            let allowed: Set<Int> =
                switch kind {
                case .valid, .newUser: [200, 503]
                case .expired, .forged, .malformed: [401]
                case .oversized: [400, 401, 431]
                case .unknownKey: [401, 503]
                }
            // The verifier's 503 says `"reason":"jwks_unavailable"`, the user store's `"error":"user_store_unavailable"`.
            let body = status == 503 ? (try? reply?.json()) : nil
            let reason = body.map {
                ($0["error"] as? String) == "user_store_unavailable"
                    ? "user_store_unavailable" : ($0["reason"] as? String) ?? "?"
            }
            let wrongReason =
                (kind == .valid || kind == .newUser) && status == 503 && reason != "user_store_unavailable"
            if !allowed.contains(status) || wrongReason, unexpected.count < 50 {
                unexpected.append("\(kind): \(status) \(reply?.body.prefix(200) ?? "no answer")")
            }
            if let reason { unavailableReasons[reason, default: 0] += 1 }
        }
    }
}
