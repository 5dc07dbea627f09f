/// Which kind of Cognito token a pool accepts.
public enum TokenUse: String, Sendable, CaseIterable {
    /// ID tokens only (`token_use` = `id`, audience in `aud`).
    case id
    /// Access tokens only (`token_use` = `access`, audience in `client_id`).
    case access
    /// Either kind.
    case any
}
