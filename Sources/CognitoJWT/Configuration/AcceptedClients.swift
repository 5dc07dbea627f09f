/// Which app clients' tokens a pool accepts: `aud` of ID tokens, `client_id` of access tokens.
///
/// "Every app client" is a choice of its own (``every``, `COGNITO_AUDIENCE=*`), never what an empty list
/// means: a pool whose list names no client id is refused as a configuration, so a setting that was left empty,
/// misspelled or lost on a reload never widens what is accepted.
///
/// ```swift
/// let pool = CognitoPool(userPoolID: "eu-central-1_xYzaq", clientIDs: ["4s2b…"])  // a list literal is .only
/// let open = CognitoPool(userPoolID: "eu-central-1_xYzaq", clientIDs: .every)
/// ```
public enum AcceptedClients: Sendable, Hashable, ExpressibleByArrayLiteral {
    /// Tokens issued to one of these app client ids, compared byte for byte. At least one id, none empty.
    case only([String])
    /// Tokens issued to any app client of the pool.
    case every

    /// The client ids of a list literal.
    public init(arrayLiteral ids: String...) {
        self = .only(ids)
    }

    /// The listed client ids; empty for ``every``.
    public var ids: [String] {
        if case .only(let ids) = self { return ids }
        return []
    }

    /// Whether a token issued to `client` is accepted (byte for byte).
    public func accepts(_ client: String) -> Bool {
        switch self {
        case .every: return true
        case .only(let ids): return ids.contains { client.bytesEqual($0) }
        }
    }

    /// Whether both name the same clients, compared byte for byte in order.
    package func sameBytes(as other: AcceptedClients) -> Bool {
        switch (self, other) {
        case (.every, .every): return true
        case (.only(let a), .only(let b)): return a.elementsEqual(b) { $0.utf8.elementsEqual($1.utf8) }
        default: return false
        }
    }

    /// Why these clients cannot be configured (no id, an empty id, `*` among ids); `nil` when they can.
    package var problem: String? {
        guard case .only(let ids) = self else { return nil }
        if ids.isEmpty {
            return "no app client id configured: name the accepted client ids (COGNITO_AUDIENCE), or * "
                + "(AcceptedClients.every) for every app client of the pool"
        }
        if ids.contains(where: \.isEmpty) { return "an accepted app client id is empty" }
        if ids.contains(where: { $0.bytesEqual("*") }) {
            return "* means every app client of the pool and stands alone, not among client ids"
        }
        return nil
    }

    /// Parses a comma-separated list (`COGNITO_AUDIENCE`): `*` alone is ``every``; blanks around ids are dropped.
    ///
    /// - Throws: ``CognitoConfigurationError`` for a value that names no client id (`,`, blanks) or puts `*`
    ///   among client ids; `setting` names the setting in the message.
    package static func parsing(_ text: String, setting: String) throws(CognitoConfigurationError) -> AcceptedClients {
        let ids = SettingValue.list(text)
        if ids.count == 1 && ids[0].bytesEqual("*") { return .every }
        if ids.isEmpty {
            throw CognitoConfigurationError(
                "\(setting) names no app client id: list the accepted client ids (comma-separated), or * for "
                    + "every app client of the pool")
        }
        if ids.contains(where: { $0.bytesEqual("*") }) {
            throw CognitoConfigurationError(
                "\(setting): * means every app client of the pool and stands alone, not among client ids")
        }
        return .only(ids)
    }
}
