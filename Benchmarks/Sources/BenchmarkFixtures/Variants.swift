import CognitoJWT

/// Everything the single-task variants need: one pool of distinct tokens and each contender set up on it.
public struct Variants: Sendable {
    /// Distinct tokens in the pool by default: more than the cold verifier's cache holds (10,000) by enough that each
    /// of its 128 shards sees more tokens than its 78 entries, so a cold verification never hits.
    public static let defaultPoolSize = 16_000

    /// The issuer and its keys.
    public let fixture: BenchmarkIssuer
    /// The distinct tokens, all valid for an hour.
    public let tokens: [String]
    /// The bare RSA contender.
    public let rsa: RSABaseline
    /// The jwt-kit contender.
    public let jwtkit: JWTKitBaseline
    /// The verifier cold runs use: default cache, shared by every cold run so its cache stays full.
    public let cold: CognitoVerifier
    /// The ring of tokens cold verifications take from.
    public let coldCursor: TokenCursor
    /// The ring bare RSA checks take from.
    public let rsaCursor: TokenCursor
    /// The ring jwt-kit takes from.
    public let jwtkitCursor: TokenCursor
    /// The ring parse-only runs take from.
    public let parseCursor: TokenCursor
    /// A verifier that has seen ``warmToken`` once.
    public let warm: CognitoVerifier
    /// The token warm runs verify again and again.
    public let warmToken: String
    /// Tokens the warm verifier has seen, a separate run of them for each parallel warm task (as distinct callers
    /// of a busy server send distinct tokens).
    public let warmSets: [[String]]
    /// Two more verifiers, each having seen one of the first two ``warmSets``: warm work with nothing shared between
    /// the tasks, the machine's ceiling for the warm speed-up.
    public let warmApart: [CognitoVerifier]

    /// Mints `poolSize` distinct tokens and sets up every contender on them.
    public init(poolSize: Int) async throws {
        fixture = try BenchmarkIssuer()
        tokens = await fixture.mint(poolSize)
        rsa = RSABaseline(issuer: fixture.issuer, tokens: tokens)
        jwtkit = try await JWTKitBaseline(issuer: fixture.issuer)
        cold = try await fixture.verifier()
        coldCursor = TokenCursor(count: tokens.count)
        rsaCursor = TokenCursor(count: tokens.count)
        jwtkitCursor = TokenCursor(count: tokens.count)
        parseCursor = TokenCursor(count: tokens.count)
        warm = try await fixture.verifier()
        warmToken = fixture.token(-1)
        _ = try await warm.verify(warmToken)
        var sets: [[String]] = []
        var apart: [CognitoVerifier] = []
        for task in 0..<8 {
            let set = await fixture.mint(64, startingAt: 1_000_000 + task * 64)
            let verifiers = task < 2 ? [warm, try await fixture.verifier()] : [warm]
            for verifier in verifiers {
                for token in set { _ = try await verifier.verify(token) }
            }
            if task < 2 { apart.append(verifiers[1]) }
            sets.append(set)
        }
        warmSets = sets
        warmApart = apart
    }

    /// Bare RSA: SHA-256 of the signing input + `isValidSignature`. Returns nanoseconds for `n` checks.
    public func runRSA(_ n: Int) -> UInt64 { timeRSA(n, rsa.verify) }

    /// The RSA operation alone (digest computed beforehand).
    public func runRSADigest(_ n: Int) -> UInt64 { timeRSA(n, rsa.verifyDigest) }

    private func timeRSA(_ n: Int, _ check: (Int) -> Bool) -> UInt64 {
        let start = Stopwatch.now()
        var valid = 0
        for _ in 0..<n where check(rsaCursor.next()) { valid += 1 }
        let elapsed = Stopwatch.now() - start
        precondition(valid == n, "bare RSA rejected a token")
        return elapsed
    }

    /// Cold: the next distinct token each time (a cache miss and an insert).
    public func runCold(_ n: Int) async -> UInt64 {
        await timeVerify(n, "cold", cold) { tokens[coldCursor.next()] }
    }

    /// Warm: the same token again (a cache hit).
    public func runWarm(_ n: Int) async -> UInt64 {
        await timeVerify(n, "warm", warm) { warmToken }
    }

    private func timeVerify(
        _ n: Int, _ name: String, _ verifier: CognitoVerifier,
        _ token: () -> String
    ) async -> UInt64 {
        let start = Stopwatch.now()
        var sink = 0.0
        for _ in 0..<n {
            do {
                sink += try await verifier.verify(token()).expiresAt
            } catch {
                fatalError("\(name) verify failed: \(error.code.rawValue) \(error.message)")
            }
        }
        let elapsed = Stopwatch.now() - start
        precondition(sink > 0)
        return elapsed
    }

    /// Stops the run if a cold verification ever hit the cache: the cold figures would not be cold.
    public func requireColdNeverHit() {
        precondition(cold.tokenCacheStatistics.hits == 0, "a cold verification hit the cache")
    }

    /// jwt-kit 5 full verification of the next token.
    public func runJWTKit(_ n: Int) async -> UInt64 {
        let start = Stopwatch.now()
        var count = 0
        for _ in 0..<n {
            do {
                let payload = try await jwtkit.verify(tokens[jwtkitCursor.next()])
                count += payload.username == nil ? 0 : 1
            } catch {
                fatalError("jwt-kit verify failed: \(error)")
            }
        }
        let elapsed = Stopwatch.now() - start
        precondition(count == n)
        return elapsed
    }

    /// `CompactJWS(parsing:)` alone.
    public func runParse(_ n: Int) -> UInt64 {
        let start = Stopwatch.now()
        var members = 0
        for _ in 0..<n {
            do {
                members += try CompactJWS(parsing: tokens[parseCursor.next()]).payload.count
            } catch {
                fatalError("parse failed: \(error.message)")
            }
        }
        let elapsed = Stopwatch.now() - start
        precondition(members > 0)
        return elapsed
    }

    /// `tasks` tasks verifying `perTask` distinct tokens each on the cold verifier, at once.
    public func runColdParallel(tasks: Int, perTask: Int) async -> UInt64 {
        let start = Stopwatch.now()
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<tasks {
                group.addTask { _ = await self.runCold(perTask) }
            }
        }
        return Stopwatch.now() - start
    }

    /// `tasks` tasks verifying tokens the warm verifier has seen (cache hits), each its own run of tokens; `apart`:
    /// each of up to two tasks on a verifier of its own (``warmApart``).
    public func runWarmParallel(tasks: Int, perTask: Int, apart: Bool = false) async -> UInt64 {
        let start = Stopwatch.now()
        await withTaskGroup(of: Void.self) { group in
            for task in 0..<tasks {
                let set = warmSets[task % warmSets.count]
                let verifier = apart ? warmApart[task % warmApart.count] : warm
                group.addTask {
                    var index = 0
                    _ = await self.timeVerify(perTask, "warm", verifier) {
                        index = (index + 1) & 63
                        return set[index]
                    }
                }
            }
        }
        return Stopwatch.now() - start
    }

    /// `tasks` tasks doing bare RSA checks at once: what the machine's cores allow at best.
    public func runRSAParallel(tasks: Int, perTask: Int) async -> UInt64 {
        let start = Stopwatch.now()
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<tasks {
                group.addTask { _ = self.runRSA(perTask) }
            }
        }
        return Stopwatch.now() - start
    }
}
