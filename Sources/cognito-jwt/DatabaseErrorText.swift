import CognitoJWTFluent
import FluentPostgresDriver

/// A database error in words that name its cause (the server's message, a refused connection, a TLS failure)
/// and never the password or the connection URL.
enum DatabaseErrorText {
    /// The cause of `error`, at most 300 characters: ``CognitoDatabaseErrorDescribing/causeDescription`` when the
    /// error has one (PostgreSQL's), the database error under a ``CognitoUserStoreError``, else the error's own
    /// description.
    static func describe(_ error: any Error) -> String {
        let text: String
        switch error {
        case let described as any CognitoDatabaseErrorDescribing:
            text = described.causeDescription
        case let storeError as CognitoUserStoreError:
            text = storeError.underlying.map(describe) ?? storeError.description
        default:
            text = String(describing: error)
        }
        return String(text.prefix(300))
    }
}

extension PSQLError: CognitoDatabaseErrorDescribing {
    /// The server's message and SQLSTATE, what the error's code means, and the underlying error (a refused
    /// connection, a TLS failure); a `PSQLError` holds no password or URL, and neither the query nor the server's
    /// detail (which can quote row values) is included.
    public var causeDescription: String {
        var parts: [String] = []
        if let message = serverInfo?[.message] { parts.append(message) }
        if let meaning = Self.meaning(of: code) { parts.append(meaning) }
        if let underlying { parts.append(DatabaseErrorText.describe(underlying)) }
        var labels = ["PostgreSQL error \(code)"]
        if let state = serverInfo?[.sqlState] { labels.append("SQLSTATE \(state)") }
        if parts.isEmpty { return labels.joined(separator: ", ") }
        return parts.joined(separator: ": ") + " (" + labels.joined(separator: ", ") + ")"
    }

    /// What `code` means to someone setting `DATABASE_URL`; `nil` where the server's message says it.
    static func meaning(of code: Code) -> String? {
        switch code {
        case .server: return nil
        case .sslUnsupported:
            return "the server does not offer TLS, which the connection requires (sslmode=disable allows cleartext)"
        case .failedToAddSSLHandler: return "TLS could not be set up"
        case .receivedUnencryptedDataAfterSSLRequest: return "the server answered the request for TLS in cleartext"
        case .authMechanismRequiresPassword: return "the server asks for a password and DATABASE_URL has none"
        case .unsupportedAuthMechanism:
            return "the server asks for an authentication method PostgresNIO does not support"
        case .saslError: return "SCRAM authentication failed"
        case .connectionError: return "cannot connect to the server"
        case .serverClosedConnection: return "the server closed the connection"
        case .clientClosedConnection: return "the connection was closed"
        case .queryCancelled: return "the query was cancelled"
        case .poolClosed: return "the connection pool is closed"
        default: return nil
        }
    }
}
