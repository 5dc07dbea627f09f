import CognitoJWT
import Dispatch
import Foundation

/// The verifier every fuzz target attacks: the genuine Amazon Cognito pool of `Tests/CognitoJWTTests/Fixtures/
/// aws-samples-step-up-auth`, its JWKS in memory, the clock inside its tokens' lifetime, so its two genuine
/// tokens verify and any change to them must not.
public enum FuzzVerifier {
    /// The fixtures folder.
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Tests/CognitoJWTTests/Fixtures/aws-samples-step-up-auth")

    /// A fixture file's text.
    static func fixture(_ name: String) -> String {
        (try? String(contentsOf: fixtures.appendingPathComponent(name), encoding: .utf8))?
            .trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
    }

    /// The pool's JWKS.
    public static let jwks = fixture("jwks.json")

    /// The genuine tokens, in a fixed order: the only inputs that may be accepted.
    public static let genuineTokenList = [fixture("id_token.jwt"), fixture("access_token.jwt")]

    /// The genuine tokens: the only inputs that may be accepted.
    public static let genuineTokens = Set(genuineTokenList)

    /// The verifier: the pool, its client, a fixed clock 60 s after the tokens were issued. Released at exit
    /// (``release()``), so that LeakSanitizer's report at exit holds nothing but what an input left behind.
    nonisolated(unsafe) static var instance: CognitoVerifier? = {
        precondition(genuineTokens.count == 2 && !jwks.isEmpty, "fixtures not found at \(fixtures.path)")
        let pool = CognitoPool(
            region: "us-east-1", userPoolID: "us-east-1_iWcTPhZBA", clientIDs: ["6i0o6sela15jdctgeflkmj4gjo"],
            keySource: .document(jwks))
        return try! CognitoVerifier(pools: [pool], clock: { 1_617_954_911 })
    }()

    /// The verifier every input goes through.
    static var verifier: CognitoVerifier {
        guard let instance else { fatalError("the verifier was used after it was released") }
        return instance
    }

    /// Loads the keys and verifies the genuine tokens once, so that no input pays for setting up, and releases
    /// the verifier when the process exits.
    public static func warmUp() {
        for token in genuineTokens {
            guard case .success = verify(token) else { fatalError("a genuine token was rejected") }
        }
        atexit { FuzzVerifier.release() }
    }

    /// Drops the verifier and what it caches (the genuine tokens' claims, the keys), then gives the tasks the
    /// last inputs ran in a moment to be freed. LeakSanitizer checks after every other exit handler: it cannot
    /// follow Swift's enum payload pointers, so whatever the cache still held would be reported, in amounts that
    /// depend on the cache's layout rather than on a leak.
    static func release() {
        instance = nil
        usleep(50_000)
    }

    /// Verifies `token`, blocking the calling thread: the verifier's answer, or its error code.
    public static func verify(_ token: String) -> Result<CognitoClaims, CognitoJWTError> {
        blocking {
            do throws(CognitoJWTError) {
                return .success(try await verifier.verify(token))
            } catch {
                return .failure(error)
            }
        }
    }

    /// Runs the bearer step on one `Authorization` header value, blocking the calling thread.
    public static func authenticate(_ header: String) -> BearerOutcome<CognitoClaims> {
        blocking {
            do {
                return try await verifier.authenticate(authorization: [header]) { $0 }
            } catch {
                fatalError("the bearer step threw although the user mapping cannot: \(error)")
            }
        }
    }

    /// Runs `body` in a detached task and waits for its result on the calling thread.
    static func blocking<T: Sendable>(_ body: @escaping @Sendable () async -> T) -> T {
        let box = ResultBox<T>()
        let done = DispatchSemaphore(value: 0)
        Task.detached {
            box.result = await body()
            done.signal()
        }
        done.wait()
        return box.result!
    }

    /// Stops the process, so libFuzzer records the input, if `token` was accepted but is not a genuine token.
    public static func requireRejectedUnlessGenuine(_ token: String, _ result: Result<CognitoClaims, CognitoJWTError>) {
        if case .success = result, !genuineTokens.contains(where: { $0.bytesEqual(token) }) {
            fatalError("accepted a token that is not one of the genuine ones")
        }
    }
}

/// Carries a result out of the detached task; the semaphore orders the write before the read.
final class ResultBox<T>: @unchecked Sendable {
    var result: T?
}
