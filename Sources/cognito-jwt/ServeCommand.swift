import ArgumentParser
import CognitoJWT
import CognitoJWTConfiguration
import CognitoJWTFluent
import Configuration
import Foundation
import Hummingbird
import Logging
import Prometheus
import ServiceLifecycle
import SystemPackage

/// `cognito-jwt serve`: the demo API against a real pool.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the demo API (/health, /me, /admin, /orders) on 127.0.0.1 against a real user pool.",
        discussion: """
            The pool comes from the environment: COGNITO_AWS_REGION and COGNITO_USER_POOL (or COGNITO_ISSUER), \
            COGNITO_AUDIENCE (accepted app client ids, comma-separated, or * for every app client of the pool; \
            required), and optionally COGNITO_TOKEN_USE, COGNITO_JWKS_URL and COGNITO_LEEWAY_SECONDS. Users are kept \
            in an SQLite file (--database PATH) or, with DATABASE_URL=postgres://…, in PostgreSQL, which several \
            instances can share; migrations run at start. The same settings can come from a JSON or YAML file \
            (--config, keys cognito.aws.region, cognito.audience, …; the environment takes precedence), reloaded \
            while running: a changed cognito.audience takes effect without a restart, and a file that loses it or \
            names no client id keeps the ids the server has (only * widens to every app client). GET /metrics answers the \
            verifier's metrics in the Prometheus text format. Only requests for Host localhost, 127.0.0.1 or \
            [::1] (any port) are answered, and for the names of COGNITO_ALLOWED_HOSTS (cognito.allowedHosts, \
            comma-separated host names without port, read at start); others get 421, and a request with two Host \
            headers 400. A DATABASE_URL whose host is not localhost, 127.0.0.0/8 or ::1 connects only with TLS \
            and a certificate valid for that host, unless it sets sslmode (disable, prefer or allow permit \
            cleartext). A configuration error exits with status 2. Stops on Ctrl-C.
            """)

    @Option(help: "Port on 127.0.0.1.") var port: Int = 8080
    @OptionGroup var database: UserDatabaseOptions
    @OptionGroup var logging: LoggingOptions
    @Option(
        help: ArgumentHelp(
            "A JSON or YAML (.yaml, .yml) configuration file, reloaded while running.", valueName: "PATH"))
    var config: String?
    @Option(help: "How often --config is checked for changes, in seconds.") var configPollSeconds: Int = 15

    /// `cognito.allowedHosts` (`COGNITO_ALLOWED_HOSTS`): the `Host` names served besides the loopback ones.
    static let allowedHostsKey = CognitoConfigurationKey(
        "cognito.allowedHosts", environmentVariable: "COGNITO_ALLOWED_HOSTS", isList: true)

    func validate() throws {
        guard (1...65_535).contains(port) else { throw ValidationError("--port must be from 1 to 65535") }
        guard (1...86_400).contains(configPollSeconds) else {
            throw ValidationError("--config-poll-seconds must be from 1 to 86400")
        }
    }

    func run() async throws {
        let logger = logging.logger(label: "cognito-jwt.serve")
        let (reader, configFile) = try await configurationReader(logger: logger)
        let registry = PrometheusCollectorRegistry()
        let verifier: CognitoVerifier
        let realm: String
        do {
            let configuration = try CognitoConfiguration(reader: reader)
            realm = configuration.realm ?? HTTPRejection.defaultRealm
            verifier = try CognitoVerifier(
                configuration: configuration, logger: logger,
                metricsFactory: PrometheusMetricsFactory(registry: registry))
        } catch {
            printToStandardError("cognito-jwt serve: \(error.message)")
            throw ExitCode(2)
        }
        let hosts: AllowedHosts
        do {
            hosts = try AllowedHosts.serve(adding: Self.allowedHostsKey.text(in: reader) ?? "")
        } catch {
            printToStandardError("cognito-jwt serve: \(error.description)")
            throw ExitCode(2)
        }
        logger.info("answering Host", metadata: ["hosts": .string(hosts.names.sorted().joined(separator: ", "))])
        let users = try await UserDatabase.openAndMigrate(database, command: "serve", logger: logger)
        do {
            try await verifier.hydrate()
        } catch {
            logger.warning(
                "JWKS not available yet; protected routes answer 503 until it is", metadata: ["reason": "\(error)"])
        }
        let pools = verifier.keyStores.map(\.location).joined(separator: ", ")
        var app = Application(
            router: DemoAPI.router(
                verifier: verifier, store: CognitoUserStore(logger: logger), databases: users.databases,
                hosts: hosts, metrics: registry, realm: realm),
            configuration: .init(address: .hostname("127.0.0.1", port: port), serverName: "cognito-jwt-serve"),
            onServerRunning: { [port] _ in
                let line =
                    "cognito-jwt serve: http://127.0.0.1:\(port) (/health, /me, /admin, /orders); keys from \(pools); "
                    + "users in \(users.description)\n"
                FileHandle.standardOutput.write(Data(line.utf8))
            },
            logger: logger)
        app.addServices(JWKSRefreshService(verifier: verifier), users.databases)
        if let configFile {
            app.addServices(
                configFile, CognitoConfigurationReloader(verifier: verifier, reader: reader, logger: logger))
        }
        try await app.runService()
    }

    /// The environment, then the `--config` file when given (with the provider that reloads it, to run).
    private func configurationReader(logger: Logger) async throws -> (ConfigReader, (any Service)?) {
        guard let config else { return (ConfigReader(provider: EnvironmentVariablesProvider()), nil) }
        let poll = Duration.seconds(configPollSeconds)
        let file: any ConfigProvider & Service
        do {
            if config.hasSuffix(".yaml") || config.hasSuffix(".yml") {
                file = try await ReloadingFileProvider<YAMLSnapshot>(
                    filePath: FilePath(config), pollInterval: poll, logger: logger)
            } else {
                file = try await ReloadingFileProvider<JSONSnapshot>(
                    filePath: FilePath(config), pollInterval: poll, logger: logger)
            }
        } catch {
            printToStandardError("cognito-jwt serve: cannot read --config \(config): \(error)")
            throw ExitCode(2)
        }
        return (ConfigReader(providers: [EnvironmentVariablesProvider(), file]), file)
    }
}
