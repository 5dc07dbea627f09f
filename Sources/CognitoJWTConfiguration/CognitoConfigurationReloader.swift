import CognitoJWT
import Configuration
import Logging
import ServiceLifecycle

/// Keeps a verifier's accepted client ids in step with a reloading configuration (for example a
/// `ReloadingFileProvider`), without a restart: a swift-service-lifecycle `Service` that watches the reader and,
/// for each new snapshot that validates, gives every pool the client ids (`cognito.audience`) it now names.
///
/// A snapshot that does not validate is logged as an error and changes nothing: one that lost `cognito.audience`
/// (the key removed or misspelled, an empty list, a file caught half-written) or names no client id keeps the
/// ids the verifier has; only `*` widens a pool to every app client. The other settings take effect at the next
/// start.
///
/// ```swift
/// let file = try await ReloadingFileProvider<JSONSnapshot>(filePath: "cognito.json")
/// let reader = ConfigReader(providers: [EnvironmentVariablesProvider(), file])
/// let verifier = try CognitoVerifier(configuration: CognitoConfiguration(reader: reader))
/// app.addServices(file, CognitoConfigurationReloader(verifier: verifier, reader: reader))
/// ```
public struct CognitoConfigurationReloader: Service {
    /// The verifier whose client ids follow the configuration.
    public let verifier: CognitoVerifier
    /// The configuration watched.
    public let reader: ConfigReader
    private let logger: Logger

    /// A reloader for `verifier`, watching `reader`.
    public init(verifier: CognitoVerifier, reader: ConfigReader, logger: Logger = Logger(label: "CognitoJWT")) {
        self.verifier = verifier
        self.reader = reader
        self.logger = logger
    }

    /// Applies every new snapshot until the service group shuts down.
    public func run() async throws {
        try await reader.watchSnapshot { updates in
            for await snapshot in updates.cancelOnGracefulShutdown() { apply(snapshot) }
        }
    }

    /// Validates `snapshot` and updates the client ids of each pool it names whose ids changed.
    ///
    /// - Returns: the issuers of the pools whose client ids changed.
    @discardableResult
    public func apply(_ snapshot: ConfigSnapshotReader) -> [String] {
        let configuration: CognitoConfiguration
        do {
            configuration = try CognitoConfiguration(snapshot: snapshot)
        } catch {
            logger.error(
                "configuration not reloaded; the previous one stays", metadata: ["reason": "\(error.message)"])
            return []
        }
        var changed: [String] = []
        for pool in configuration.pools {
            guard let current = verifier.clientIDs(ofPoolWithIssuer: pool.issuer) else {
                logger.warning(
                    "reloaded configuration names another pool; it takes effect at the next start",
                    metadata: ["issuer": "\(pool.issuer)"])
                continue
            }
            guard !current.sameBytes(as: pool.clientIDs) else { continue }
            do {
                try verifier.updateClientIDs(pool.clientIDs, forPoolWithIssuer: pool.issuer)
                changed.append(pool.issuer)
                logger.info(
                    "accepted client ids reloaded",
                    metadata: [
                        "issuer": "\(pool.issuer)",
                        "clientIDs": "\(pool.clientIDs == .every ? "*" : String(pool.clientIDs.ids.count))",
                    ])
            } catch {
                logger.error("client ids not reloaded", metadata: ["reason": "\(error.message)"])
            }
        }
        return changed
    }
}
