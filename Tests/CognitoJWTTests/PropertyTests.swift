import CognitoJWT
import CognitoJWTTesting
import PropertyBased
import Testing

/// Properties of the verifier over random claims, changes and sequences (x-sheep/swift-property-based): minted
/// tokens come back with their claims intact, every change to a signed token is refused, the answer does not
/// depend on the run or on the verified-token cache.
@Suite struct PropertyTests {
    /// Verifies and returns the claims or the error code.
    static func outcome(
        _ verifier: CognitoVerifier, _ token: String, _ requirements: CognitoRequirements = .none, now: Double
    ) async -> Outcome {
        do {
            return .accepted(try await verifier.verify(token, requiring: requirements, now: now))
        } catch {
            return .rejected(error.code)
        }
    }

    /// What a verification gave.
    enum Outcome {
        case accepted(CognitoClaims)
        case rejected(CognitoJWTError.Code)

        /// The same answer: both rejected with one code, or both accepted with byte-identical claims.
        func same(as other: Outcome) -> Bool {
            switch (self, other) {
            case (.rejected(let a), .rejected(let b)): a == b
            case (.accepted(let a), .accepted(let b)): RandomJSON.same(.object(a.raw), .object(b.raw))
            default: false
            }
        }

        var code: CognitoJWTError.Code? {
            if case .rejected(let code) = self { return code }
            return nil
        }
    }

    /// Three pools with keys of their own (fresh RSA keys for two of them), all trusted by one verifier.
    static let pools =
        [sharedIssuer]
        + ["eu-west-2_PropOne", "ap-south-1_PropTwo"].map { id in
            try! LocalCognitoIssuer(region: String(id.prefix { $0 != "_" }), userPoolID: id)
        }

    @Test func mintedClaimsOfEveryJSONTypeComeBackByteForByte() async throws {
        let verifier = try CognitoVerifier(
            pools: Self.pools.map { $0.pool(keySource: .document($0.jwksJSON)) }, cacheCapacity: 0)
        await propertyCheck(count: 60, input: RandomJSON.customClaims, Gen.int(in: 0...5)) { custom, choice in
            let issuer = Self.pools[choice % Self.pools.count]
            var claims = accessClaims(issuer)
            for (name, value) in custom { claims[name] = value }
            let token = issuer.sign(claims, keyIndex: choice / Self.pools.count)
            let outcome = await Self.outcome(verifier, token, now: Double(fixedNow))
            guard case .accepted(let verified) = outcome else {
                Issue.record("a minted token was rejected: \(String(describing: outcome.code))")
                return
            }
            for (name, value) in custom {
                #expect(verified[name].map { RandomJSON.same($0, value) } == true, "claim \(name) changed")
            }
            #expect(RandomJSON.same(.object(verified.raw), .object(claims)))
        }
    }

    @Test func anySingleByteChangeTruncationOrSegmentSwapIsRejected() async throws {
        let verifier = try makeVerifier(cacheCapacity: 0)
        let tokens = [
            sharedIssuer.sign(accessClaims(), keyIndex: 1),
            sharedIssuer.idToken(username: "prop", groups: ["admin"], issuedAt: fixedNow - 5),
        ]
        for token in tokens { #expect(await Self.outcome(verifier, token, now: Double(fixedNow)).code == nil) }
        await propertyCheck(count: 300, input: RandomChange.generator) { change in
            let original = tokens[change.tokenIndex % tokens.count]
            let changed = change.apply(to: original)
            guard !Array(changed.utf8).elementsEqual(original.utf8) else { return }
            let outcome = await Self.outcome(verifier, changed, now: Double(fixedNow))
            #expect(outcome.code != nil, "a changed token was accepted: \(change)")
        }
    }

    @Test func verificationIsDeterministicAcrossVerifiers() async throws {
        let first = try makeVerifier(cacheCapacity: 0)
        let second = try makeVerifier(cacheCapacity: 0)
        let tokens = CacheScenario.tokens()
        await propertyCheck(count: 80, input: CacheScenario.step(tokenCount: tokens.count)) { step in
            let token = tokens[step.token]
            let a = await Self.outcome(first, token, step.requirements, now: step.now)
            let b = await Self.outcome(second, token, step.requirements, now: step.now)
            let again = await Self.outcome(first, token, step.requirements, now: step.now)
            #expect(a.same(as: b) && a.same(as: again))
        }
    }

    @Test func theVerifiedTokenCacheNeverChangesAnAnswer() async throws {
        let tokens = CacheScenario.tokens()
        var hits = 0
        await propertyCheck(count: 25, input: CacheScenario.sequence(tokenCount: tokens.count)) { steps in
            let uncached = try makeVerifier(cacheCapacity: 0)
            let cached = try makeVerifier(cacheCapacity: 10_000)
            let tiny = try makeVerifier(cacheCapacity: 2)
            for step in steps {
                let token = tokens[step.token]
                let expected = await Self.outcome(uncached, token, step.requirements, now: step.now)
                let fromCache = await Self.outcome(cached, token, step.requirements, now: step.now)
                let fromTiny = await Self.outcome(tiny, token, step.requirements, now: step.now)
                #expect(expected.same(as: fromCache), "cache changed the answer at \(step)")
                #expect(expected.same(as: fromTiny), "a small cache changed the answer at \(step)")
            }
            #expect(cached.tokenCacheStatistics.hits + cached.tokenCacheStatistics.misses == steps.count)
            hits += cached.tokenCacheStatistics.hits
        }
        #expect(hits > 0, "no sequence hit the cache, so it was not compared")
    }
}

/// Random JSON values for claims: non-ASCII and escaped text, numbers past `Double`, nesting.
enum RandomJSON {
    /// Scalars that stress the writer and the reader: quotes, backslashes, controls, combining marks, emoji,
    /// the noncharacter U+FFFF and a precomposed/decomposed pair (é, e + U+0301) that `String ==` equates.
    static let scalars: [Unicode.Scalar] = [
        "a", "Z", "0", " ", "\"", "\\", "/", "\u{0}", "\u{1}", "\u{8}", "\u{1F}", "\u{7F}", "\u{E9}", "e", "\u{301}",
        "\u{2028}", "\u{FFFF}", "\u{1F600}", "\u{10FFFF}", "ß", "中",
    ]

    static func string(_ rng: inout any SeededRandomNumberGenerator) -> String {
        var text = String.UnicodeScalarView()
        for _ in 0..<Int.random(in: 0...12, using: &rng) {
            if Bool.random(using: &rng) {
                text.append(scalars.randomElement(using: &rng)!)
            } else {
                text.append(Unicode.Scalar(UInt8.random(in: 0x20...0x7E, using: &rng)))
            }
        }
        return String(text)
    }

    static func number(_ rng: inout any SeededRandomNumberGenerator) -> String {
        switch Int.random(in: 0..<6, using: &rng) {
        case 0: return String(Int.random(in: Int.min...Int.max, using: &rng))
        case 1: return "1" + String(repeating: "0", count: Int.random(in: 19...60, using: &rng))
        case 2: return "-\(Int.random(in: 0...999, using: &rng)).\(Int.random(in: 0...99999, using: &rng))"
        case 3: return "\(Int.random(in: 1...9, using: &rng))e\(Int.random(in: -400...400, using: &rng))"
        case 4: return "0"
        default: return "123456789012345678901234567890.000000000000000000001"
        }
    }

    static func value(_ rng: inout any SeededRandomNumberGenerator, depth: Int) -> JSONValue {
        switch Int.random(in: 0..<(depth > 0 ? 7 : 5), using: &rng) {
        case 0: return .null
        case 1: return .bool(Bool.random(using: &rng))
        case 2: return .number(number(&rng))
        case 3, 4: return .string(string(&rng))
        case 5: return .array((0..<Int.random(in: 0...4, using: &rng)).map { _ in value(&rng, depth: depth - 1) })
        default:
            var object: JSONObject = [:]
            for index in 0..<Int.random(in: 0...4, using: &rng) {
                object["k\(index)" + string(&rng)] = value(&rng, depth: depth - 1)
            }
            return .object(object)
        }
    }

    /// One to six custom claims (`x-…` and `custom:…` names, random text after the prefix) of any JSON type.
    static let customClaims = Generator<[(String, JSONValue)], Shrink.None<[(String, JSONValue)]>> { rng in
        (0..<Int.random(in: 1...6, using: &rng)).map { index in
            let name = (Bool.random(using: &rng) ? "custom:" : "x-") + "\(index)" + string(&rng)
            return (name, value(&rng, depth: 3))
        }
    }

    /// Whether two values are the same JSON, strings and numbers compared byte for byte, members in order.
    static func same(_ a: JSONValue, _ b: JSONValue) -> Bool {
        switch (a, b) {
        case (.null, .null): true
        case (.bool(let x), .bool(let y)): x == y
        case (.number(let x), .number(let y)), (.string(let x), .string(let y)): x.utf8.elementsEqual(y.utf8)
        case (.array(let x), .array(let y)): x.count == y.count && zip(x, y).allSatisfy { same($0, $1) }
        case (.object(let x), .object(let y)):
            x.members.count == y.members.count
                && zip(x.members, y.members).allSatisfy {
                    $0.name.utf8.elementsEqual($1.name.utf8) && same($0.value, $1.value)
                }
        default: false
        }
    }
}

/// A change to a signed token: one byte replaced, the token cut short, or two segments swapped.
struct RandomChange: CustomStringConvertible {
    enum Kind { case replace, truncate, swap }
    let kind: Kind
    let tokenIndex: Int
    let position: Int
    let byte: UInt8

    static let generator = Generator<RandomChange, Shrink.None<RandomChange>> { rng in
        RandomChange(
            kind: [Kind.replace, .replace, .truncate, .swap].randomElement(using: &rng)!,
            tokenIndex: Int.random(in: 0...1, using: &rng), position: Int.random(in: 0...100_000, using: &rng),
            byte: UInt8.random(in: 0...255, using: &rng))
    }

    func apply(to token: String) -> String {
        var bytes = Array(token.utf8)
        switch kind {
        case .replace:
            let index = position % bytes.count
            bytes[index] = byte == bytes[index] ? byte &+ 1 : byte
        case .truncate:
            bytes.removeSubrange((position % bytes.count)...)
        case .swap:
            var segments = token.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
            let i = position % 3
            let j = (i + 1 + Int(byte) % 2) % 3
            segments.swapAt(i, j)
            return segments.joined(separator: ".")
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    var description: String { "\(kind) at \(position) with \(byte) on token \(tokenIndex)" }
}

/// Random sequences of tokens, clocks and requirements, for comparing a verifier with a cache to one without.
enum CacheScenario {
    struct Step: CustomStringConvertible {
        let token: Int
        let now: Double
        let requirements: CognitoRequirements
        var description: String {
            "token \(token) at \(Int(now)) requiring \(requirements.anyOfGroups) \(requirements.allOfScopes)"
        }
    }

    /// Valid, short-lived, not-yet-valid, group-carrying, scoped, forged and foreign tokens around `fixedNow`.
    static func tokens() -> [String] {
        var shortLived = accessClaims()
        shortLived["exp"] = .number(String(fixedNow + 20))
        var notYet = accessClaims()
        notYet["nbf"] = .number(String(fixedNow + 30))
        var forged = sharedIssuer.sign(accessClaims(), keyIndex: 1)
        forged.removeLast(2)
        forged += forged.hasSuffix("A") ? "BA" : "AA"
        return [
            sharedIssuer.sign(accessClaims(), keyIndex: 1),
            sharedIssuer.sign(shortLived, keyIndex: 1),
            sharedIssuer.sign(notYet, keyIndex: 1),
            sharedIssuer.idToken(username: "cache-a", groups: ["admin"], expiresIn: 40, issuedAt: fixedNow - 5),
            sharedIssuer.idToken(username: "cache-b", groups: ["reader", "writer"], issuedAt: fixedNow - 5),
            sharedIssuer.accessToken(username: "cache-c", scopes: ["orders/read"], issuedAt: fixedNow - 5),
            forged,
            sharedStranger.sign(accessClaims(sharedStranger), keyIndex: 1),
            "not.a.token",
        ]
    }

    static let requirementChoices: [CognitoRequirements] = [
        .none, CognitoRequirements(anyOfGroups: ["admin"]), CognitoRequirements(anyOfGroups: ["writer", "admin"]),
        CognitoRequirements(allOfScopes: ["orders/read"]), CognitoRequirements(allOfScopes: ["orders/write"]),
    ]

    static func randomStep(_ rng: inout any SeededRandomNumberGenerator, tokenCount: Int) -> Step {
        Step(
            token: Int.random(in: 0..<tokenCount, using: &rng),
            now: Double(fixedNow + Int.random(in: -20...60, using: &rng)),
            requirements: requirementChoices.randomElement(using: &rng)!)
    }

    static func step(tokenCount: Int) -> Generator<Step, Shrink.None<Step>> {
        Generator { rng in randomStep(&rng, tokenCount: tokenCount) }
    }

    static func sequence(tokenCount: Int) -> Generator<[Step], Shrink.None<[Step]>> {
        Generator { rng in
            (0..<Int.random(in: 1...30, using: &rng)).map { _ in randomStep(&rng, tokenCount: tokenCount) }
        }
    }
}
