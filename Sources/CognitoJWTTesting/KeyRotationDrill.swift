import CognitoJWT
import Foundation

/// Drives concurrent requests through an app while a ``LocalCognitoIssuer`` rotates its keys, and reports what
/// the app answered and how often it fetched the JWKS, so a test can assert that a rotation costs nothing.
///
/// The app must verify the issuer's access tokens with the issuer's JWKS served over HTTP (for example by
/// ``LocalCognitoIssuer/startJWKSServer()``), loaded once before the drill, with a cool-down longer than the
/// drill. The phases, each sending its share of the requests concurrently:
///
/// 1. **before**: tokens of the current access-token key (the *old* key): all accepted, no fetch.
/// 2. **overlap**: a new key is added to the JWKS; tokens of the old and the new key: all accepted, exactly one
///    fetch (the first token of the new key triggers it, the others share it or find the key loaded).
/// 3. **retired**: the old key leaves the JWKS; no refetch is due, so both keys' tokens are still accepted.
/// 4. **refetch**: tokens of a key the JWKS never had trigger exactly one fetch and are refused, while old-key
///    tokens are accepted until that fetch lands and refused after; new-key tokens are accepted throughout.
/// 5. **after**: old-key tokens are all refused, new-key tokens accepted, and no further fetch (cool-down).
public struct KeyRotationDrill: Sendable {
    /// What one phase sent and got.
    public struct Phase: Sendable {
        /// The phase's name (`before`, `overlap`, `retired`, `refetch`, `after`).
        public let name: String
        /// Requests sent.
        public var sent = 0
        /// Answers by HTTP status.
        public var statusCounts: [Int: Int] = [:]
        /// JWKS fetches the app had made when the phase ended.
        public var fetchCount = 0
        /// Answers that break the phase's rule, described (`old key: 401`), at most 20.
        public var unexpected: [String] = []
    }

    /// Every phase in order, and the totals.
    public struct Report: Sendable, CustomStringConvertible {
        /// The phases in order.
        public var phases: [Phase]
        /// JWKS fetches when the drill began.
        public var initialFetchCount: Int

        /// Requests sent in all phases.
        public var sent: Int { phases.reduce(0) { $0 + $1.sent } }
        /// Answers by status over all phases.
        public var statusCounts: [Int: Int] {
            phases.reduce(into: [:]) { total, phase in total.merge(phase.statusCounts, uniquingKeysWith: +) }
        }
        /// Every answer that broke its phase's rule.
        public var unexpected: [String] { phases.flatMap { phase in phase.unexpected.map { "\(phase.name): \($0)" } } }
        /// The JWKS fetch count each phase should end with: one fetch for the new key's first token, one for the
        /// unknown key's, none for the retired key (the cool-down).
        public var predictedFetchCounts: [Int] { [0, 1, 1, 2, 2].prefix(phases.count).map { initialFetchCount + $0 } }
        /// What broke the drill's predictions: answers against a phase's rule, fetch counts other than
        /// ``predictedFetchCounts``, or a last phase in which no token of the retired key was refused. Empty when
        /// the rotation cost nothing.
        public var deviations: [String] {
            var found = unexpected
            let counts = phases.map(\.fetchCount)
            if counts != predictedFetchCounts {
                found.append("JWKS fetches per phase \(counts), predicted \(predictedFetchCounts)")
            }
            if phases.count == 5, phases[4].statusCounts[401, default: 0] == 0 {
                found.append("after: no token of the retired key was refused")
            }
            return found
        }

        /// ``description``'s lines as `figure: <label> <line>`, the form `scripts/stress.sh` collects.
        public func figureLines(_ label: String) -> [String] {
            description.split(separator: "\n").map { "figure: \(label) \($0)" }
        }

        /// One line per phase: requests, statuses, fetches.
        public var description: String {
            phases.map { phase in
                let statuses = phase.statusCounts.sorted { $0.key < $1.key }.map { "\($0.key)×\($0.value)" }
                return "\(phase.name): \(phase.sent) requests (\(statuses.joined(separator: ", "))), "
                    + "JWKS fetches \(phase.fetchCount)"
            }.joined(separator: "\n")
        }
    }

    /// Which key signed a request's token.
    enum Signer: Sendable { case old, new, unknown }

    let issuer: LocalCognitoIssuer
    let requests: Int
    let concurrency: Int
    let distinctTokens: Int

    /// `STRESS_REQUESTS` from the environment when it is a positive number (how `scripts/stress.sh` raises the
    /// drills), else `fallback`.
    public static func requests(default fallback: Int) -> Int {
        ProcessInfo.processInfo.environment["STRESS_REQUESTS"].flatMap(Int.init).flatMap { $0 > 0 ? $0 : nil }
            ?? fallback
    }

    /// A drill of `requests` requests in all, at most `concurrency` at a time, over `distinctTokens` different
    /// tokens per key (each sent many times, so most verifications are answered from the verified-token cache,
    /// which must drop the old key's tokens once the key is gone).
    public init(issuer: LocalCognitoIssuer, requests: Int = 10_000, concurrency: Int = 32, distinctTokens: Int = 40) {
        self.issuer = issuer
        self.requests = max(requests, 5)
        self.concurrency = max(concurrency, 1)
        self.distinctTokens = max(distinctTokens, 1)
    }

    /// Runs the phases: `send` makes one request with `Authorization: Bearer <token>` to a route that needs any
    /// valid access token and returns the HTTP status; `fetchCount` tells how many JWKS fetches the app has made.
    public func run(
        send: @escaping @Sendable (String) async throws -> Int, fetchCount: @Sendable () -> Int
    ) async throws -> Report {
        guard issuer.signingKeys.count >= 2 else { throw KeyRotationDrillError("the issuer has no access-token key") }
        let old = issuer.signingKeys[1]
        let stranger = try LocalCognitoIssuer.SigningKey.generate()
        let oldTokens = tokens(signedBy: old, label: "old")
        let strangerTokens = tokens(signedBy: stranger, label: "unknown")
        let share = requests / 5
        var report = Report(phases: [], initialFetchCount: fetchCount())

        report.phases.append(
            try await phase("before", share, [(.old, oldTokens)], send: send, fetchCount: fetchCount) { signer, _ in
                signer == .old ? [200] : []
            })

        let new = try issuer.addSigningKey()
        let newTokens = tokens(signedBy: new, label: "new")
        report.phases.append(
            try await phase(
                "overlap", share, [(.old, oldTokens), (.new, newTokens)], send: send, fetchCount: fetchCount
            ) {
                _, _ in [200]
            })

        issuer.removeSigningKey(withID: old.kid)
        report.phases.append(
            try await phase(
                "retired", share, [(.old, oldTokens), (.new, newTokens)], send: send, fetchCount: fetchCount
            ) {
                _, _ in [200]
            })

        report.phases.append(
            try await phase(
                "refetch", share, [(.unknown, strangerTokens), (.old, oldTokens), (.new, newTokens)], send: send,
                fetchCount: fetchCount
            ) { signer, _ in
                switch signer {
                case .unknown: [401]
                case .old: [200, 401]
                case .new: [200]
                }
            })

        report.phases.append(
            try await phase(
                "after", requests - 4 * share, [(.old, oldTokens), (.new, newTokens)], send: send,
                fetchCount: fetchCount
            ) { signer, _ in signer == .old ? [401] : [200] })
        return report
    }

    /// `distinctTokens` access tokens signed by `key`, valid for an hour.
    func tokens(signedBy key: LocalCognitoIssuer.SigningKey, label: String) -> [String] {
        (0..<distinctTokens).map { index in
            issuer.sign(issuer.accessTokenClaims(username: "rotation-\(label)-\(index)"), with: key)
        }
    }

    /// Sends `count` requests, cycling through the signers' tokens (the first signer's first), `concurrency` at a
    /// time, and checks each status against `allowed`.
    func phase(
        _ name: String, _ count: Int, _ signers: [(Signer, [String])],
        send: @escaping @Sendable (String) async throws -> Int, fetchCount: () -> Int,
        allowed: @escaping @Sendable (Signer, Int) -> Set<Int>
    ) async throws -> Phase {
        var phase = Phase(name: name)
        try await withThrowingTaskGroup(of: (Signer, Int).self) { group in
            var next = 0
            func add() {
                let (signer, tokens) = signers[next % signers.count]
                let token = tokens[(next / signers.count) % tokens.count]
                next += 1
                group.addTask { (signer, try await send(token)) }
            }
            while next < min(concurrency, count) { add() }
            while let (signer, status) = try await group.next() {
                phase.sent += 1
                phase.statusCounts[status, default: 0] += 1
                if !allowed(signer, status).contains(status), phase.unexpected.count < 20 {
                    phase.unexpected.append("\(signer) key: \(status)")
                }
                if next < count { add() }
            }
        }
        phase.fetchCount = fetchCount()
        return phase
    }
}
