import CognitoJWT
import FluentPostgresDriver
import Foundation

/// A `DATABASE_URL=postgres://…` read into a connection configuration, with TLS required for a server that is
/// not on this machine.
///
/// Without `sslmode` (or its aliases `tlsmode`, `ssl`, `tls`), a host other than `localhost`, `127.0.0.0/8` or
/// `::1` gets TLS with the server's certificate verified against the system's trust roots and the URL's host name
/// (libpq's `verify-full`), and no connection at all when the server declines TLS: a password never crosses the
/// network in cleartext unless the URL says `sslmode=disable` (or `prefer`, `allow`). A loopback host keeps
/// PostgresKit's default, TLS when the server offers it.
struct PostgresURL {
    /// How the connection uses TLS.
    enum TLSMode: String, Sendable, Equatable {
        /// TLS with a verified certificate, else no connection (`require`, `verify-ca`, `verify-full`, and the
        /// default for a host that is not loopback).
        case required = "TLS required"
        /// TLS when the server offers it, else cleartext (`prefer`, `allow`, `true`, and the default on
        /// loopback).
        case preferred = "TLS if offered"
        /// Cleartext (`disable`, `false`).
        case disabled = "no TLS"
    }

    /// The names a TLS mode may have in the query, as PostgresKit reads them (case-insensitive).
    static let modeParameters: Set<String> = ["sslmode", "tlsmode", "ssl", "tls"]

    /// The connection settings for Fluent.
    let configuration: SQLPostgresConfiguration
    /// How the connection uses TLS.
    let tlsMode: TLSMode
    /// `host:port/database`, without user or password, for logs.
    let location: String

    /// Reads `url`; the error message names the problem, never the URL or its password.
    init(_ url: String) throws(UserDatabase.ConfigurationError) {
        guard let components = URLComponents(string: url),
            ["postgres", "postgresql"].contains(components.scheme ?? "")
        else {
            throw UserDatabase.ConfigurationError(
                description: "DATABASE_URL must be a postgres:// URL (or unset for SQLite)")
        }
        let mode: TLSMode
        if let named = components.queryItems?.last(where: { Self.modeParameters.contains($0.name.lowercased()) }) {
            switch named.value {
            case "require", "verify-ca", "verify-full": mode = .required
            case "prefer", "allow", "true": mode = .preferred
            case "disable", "false": mode = .disabled
            default:
                throw UserDatabase.ConfigurationError(
                    description:
                        "DATABASE_URL's sslmode must be one of disable, allow, prefer, require, verify-ca, verify-full")
            }
        } else {
            mode = LoopbackURL.isLoopback(url) ? .preferred : .required
        }
        var configuration: SQLPostgresConfiguration
        do {
            configuration = try SQLPostgresConfiguration(url: url)
        } catch {
            throw UserDatabase.ConfigurationError(
                description: "DATABASE_URL is not a usable postgres:// URL (it needs a user and a host)")
        }
        if mode == .required && !configuration.coreConfiguration.tls.isEnforced {
            do {
                configuration.coreConfiguration.tls = .require(
                    try NIOSSLContext(configuration: .makeClientConfiguration()))
            } catch {
                throw UserDatabase.ConfigurationError(
                    description: "cannot set up TLS for DATABASE_URL: \(String(describing: error).prefix(200))")
            }
        }
        self.configuration = configuration
        self.tlsMode = mode
        self.location = "\(components.host ?? "?"):\(components.port ?? 5432)\(components.path)"
    }
}
