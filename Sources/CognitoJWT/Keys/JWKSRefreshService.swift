import Logging
import ServiceLifecycle

/// A swift-service-lifecycle `Service` that refetches every JWKS of a verifier periodically, so that a key
/// removed from a JWKS stops being trusted within `interval` (and a failed refetch keeps the known keys).
public struct JWKSRefreshService: Service {
    private let verifier: CognitoVerifier
    private let interval: Duration

    /// How often the JWKS is refetched unless an app says otherwise: 15 minutes.
    public static let defaultInterval: Duration = .seconds(900)

    /// Refreshes `verifier`'s key stores every `interval` (default ``defaultInterval``).
    public init(verifier: CognitoVerifier, interval: Duration = JWKSRefreshService.defaultInterval) {
        self.verifier = verifier
        self.interval = interval
    }

    /// Runs until cancelled or graceful shutdown.
    public func run() async throws {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                do {
                    try await Task.sleep(for: interval)
                } catch {
                    return
                }
                for store in verifier.keyStores {
                    _ = try? await store.refresh()
                }
            }
        }
    }
}
