import CognitoJWT
import Vapor

/// Ties the verifier's key store to the application's lifecycle: the JWKS is fetched at start-up and
/// refreshed periodically until shutdown.
final class CognitoLifecycle: LifecycleHandler {
    /// The start-up fetch and the periodic refresh, running from boot to shutdown.
    private let task = LockedValue<Task<Void, Never>?>(nil)

    /// Asynchronous boot (`app.asyncBoot()`, `app.execute()`): waits for the first fetch, then starts refreshing.
    func willBootAsync(_ application: Application) async throws {
        let settings = application.cognito.settings
        guard let verifier = settings.verifier else { return }
        await Self.hydrate(verifier, logger: application.logger)
        start { await Self.refresh(verifier, every: settings.refreshInterval) }
    }

    /// Blocking boot (`app.boot()`): cannot wait, so the first fetch runs in the background.
    func willBoot(_ application: Application) throws {
        let settings = application.cognito.settings
        guard let verifier = settings.verifier else { return }
        let logger = application.logger
        start {
            await Self.hydrate(verifier, logger: logger)
            await Self.refresh(verifier, every: settings.refreshInterval)
        }
    }

    func shutdownAsync(_ application: Application) async {
        guard let running = stop() else { return }
        await running.value
    }

    func shutdown(_ application: Application) {
        _ = stop()
    }

    /// Whether the background fetch/refresh task is running (for tests).
    var isRunning: Bool { task.withLock { $0 != nil } }

    private func start(_ body: @escaping @Sendable () async -> Void) {
        let previous = task.withLock { running in
            defer { running = Task { await body() } }
            return running
        }
        previous?.cancel()
    }

    private func stop() -> Task<Void, Never>? {
        let running = task.withLock { running in
            defer { running = nil }
            return running
        }
        running?.cancel()
        return running
    }

    private static func hydrate(_ verifier: CognitoVerifier, logger: Logger) async {
        do {
            try await verifier.hydrate()
            logger.debug("Cognito JWKS loaded", metadata: ["keySets": "\(verifier.keyStores.count)"])
        } catch {
            logger.warning(
                "Cognito JWKS could not be fetched at start-up; tokens are answered 503 until it can",
                metadata: ["code": "\(error.code.rawValue)", "reason": "\(error.message)"])
        }
    }

    private static func refresh(_ verifier: CognitoVerifier, every interval: Duration?) async {
        guard let interval, interval > .zero else { return }
        try? await JWKSRefreshService(verifier: verifier, interval: interval).run()
    }
}
