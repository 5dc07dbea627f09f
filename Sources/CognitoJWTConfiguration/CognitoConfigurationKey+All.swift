extension CognitoConfigurationKey {
    /// Every setting, in the order of the README's configuration table.
    public static let all: [CognitoConfigurationKey] = [
        .init("cognito.aws.region", environmentVariable: "COGNITO_AWS_REGION"),
        .init("cognito.userPool", environmentVariable: "COGNITO_USER_POOL"),
        audience,
        .init("cognito.tokenUse", environmentVariable: "COGNITO_TOKEN_USE"),
        .init("cognito.issuer", environmentVariable: "COGNITO_ISSUER"),
        .init("cognito.issuerFormat", environmentVariable: "COGNITO_ISSUER_FORMAT"),
        .init("cognito.replicaRegions", environmentVariable: "COGNITO_REPLICA_REGIONS", isList: true),
        .init("cognito.jwks.url", environmentVariable: "COGNITO_JWKS_URL"),
        .init("cognito.leewaySeconds", environmentVariable: "COGNITO_LEEWAY_SECONDS"),
        .init("cognito.jwks.timeoutSeconds", environmentVariable: "COGNITO_JWKS_TIMEOUT_SECONDS"),
        .init("cognito.jwks.cooldownSeconds", environmentVariable: "COGNITO_JWKS_COOLDOWN_SECONDS"),
        .init("cognito.jwks.backoffSeconds", environmentVariable: "COGNITO_JWKS_BACKOFF_SECONDS"),
        .init("cognito.jwks.maxBackoffSeconds", environmentVariable: "COGNITO_JWKS_MAX_BACKOFF_SECONDS"),
        .init("cognito.cacheCapacity", environmentVariable: "COGNITO_CACHE_CAPACITY"),
        .init("cognito.realm", environmentVariable: "COGNITO_REALM"),
    ]

    /// `cognito.audience` (`COGNITO_AUDIENCE`): the accepted app client ids, a comma-separated string or a list.
    public static let audience = CognitoConfigurationKey(
        "cognito.audience", environmentVariable: "COGNITO_AUDIENCE", isList: true)
}
