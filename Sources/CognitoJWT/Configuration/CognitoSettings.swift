import Foundation

/// Raw settings as strings, from flags or the environment, before validation.
package struct CognitoSettings: Sendable {
    /// `COGNITO_AWS_REGION`.
    package var region: String?
    /// `COGNITO_USER_POOL`.
    package var userPool: String?
    /// `COGNITO_ISSUER`.
    package var issuer: String?
    /// `COGNITO_AUDIENCE`: comma-separated client ids.
    package var audience: String?
    /// `COGNITO_TOKEN_USE`.
    package var tokenUse: String?
    /// `COGNITO_JWKS_URL`.
    package var jwksURL: String?
    /// A JWKS file (flags only).
    package var jwksFile: String?
    /// `COGNITO_LEEWAY_SECONDS`.
    package var leewaySeconds: String?
    /// `COGNITO_ISSUER_FORMAT`: `original`, `updated` or `both`.
    package var issuerFormat: String?
    /// `COGNITO_REPLICA_REGIONS`: comma-separated regions.
    package var replicaRegions: String?

    /// Creates settings.
    package init(
        region: String? = nil, userPool: String? = nil, issuer: String? = nil, audience: String? = nil,
        tokenUse: String? = nil, jwksURL: String? = nil, jwksFile: String? = nil, leewaySeconds: String? = nil,
        issuerFormat: String? = nil, replicaRegions: String? = nil
    ) {
        self.issuerFormat = issuerFormat
        self.replicaRegions = replicaRegions
        self.region = region
        self.userPool = userPool
        self.issuer = issuer
        self.audience = audience
        self.tokenUse = tokenUse
        self.jwksURL = jwksURL
        self.jwksFile = jwksFile
        self.leewaySeconds = leewaySeconds
    }

    /// Reads the `COGNITO_*` variables (empty values count as unset).
    package init(environment: [String: String]) {
        func value(_ name: String) -> String? {
            guard let value = environment[name]?.trimmingCharacters(in: .whitespaces), !value.isEmpty else {
                return nil
            }
            return value
        }
        self.init(
            region: value("COGNITO_AWS_REGION"), userPool: value("COGNITO_USER_POOL"),
            issuer: value("COGNITO_ISSUER"), audience: value("COGNITO_AUDIENCE"),
            tokenUse: value("COGNITO_TOKEN_USE"), jwksURL: value("COGNITO_JWKS_URL"),
            leewaySeconds: value("COGNITO_LEEWAY_SECONDS"), issuerFormat: value("COGNITO_ISSUER_FORMAT"),
            replicaRegions: value("COGNITO_REPLICA_REGIONS"))
    }

    /// These settings, with what they leave out taken from `fallback`. The issuer settings (issuer, region, pool)
    /// and the key settings (URL, file) each come from one side as a whole, never mixed.
    package func filling(from fallback: CognitoSettings) -> CognitoSettings {
        var merged = self
        if issuer == nil && region == nil && userPool == nil {
            merged.issuer = fallback.issuer
            merged.region = fallback.region
            merged.userPool = fallback.userPool
        }
        if jwksURL == nil && jwksFile == nil {
            merged.jwksURL = fallback.jwksURL
            merged.jwksFile = fallback.jwksFile
        }
        merged.audience = audience ?? fallback.audience
        merged.tokenUse = tokenUse ?? fallback.tokenUse
        merged.leewaySeconds = leewaySeconds ?? fallback.leewaySeconds
        merged.issuerFormat = issuerFormat ?? fallback.issuerFormat
        merged.replicaRegions = replicaRegions ?? fallback.replicaRegions
        return merged
    }

    /// The accepted app clients `audience` names: client ids, comma-separated, or `*` for every app client.
    ///
    /// - Throws: ``CognitoConfigurationError`` when it is unset or names no client id: "every client" is never
    ///   what an absent or empty setting means.
    package func acceptedClients() throws(CognitoConfigurationError) -> AcceptedClients {
        guard let audience else {
            throw CognitoConfigurationError(
                "COGNITO_AUDIENCE (--client-id) is not set: name the accepted app client ids (comma-separated), "
                    + "or * for every app client of the pool")
        }
        return try AcceptedClients.parsing(audience, setting: "COGNITO_AUDIENCE (--client-id)")
    }

    /// The replica regions: `replicaRegions` split on commas, blanks dropped.
    package var replicaRegionList: [String] {
        SettingValue.list(replicaRegions ?? "")
    }

    /// The first issuer these settings name (see ``resolvedPool(clientIDs:tokenUse:keySource:)``).
    package func resolvedIssuer() throws(CognitoConfigurationError) -> String {
        try resolvedPool(clientIDs: .every).issuer
    }

    /// The pool these settings name: by pool id (with its region, or the one the pool id carries), issuer
    /// format and replica regions, agreeing with an explicit issuer when one is set; or by an explicit issuer.
    package func resolvedPool(
        clientIDs: AcceptedClients, tokenUse: TokenUse = .any, keySource: KeySource = .issuerDefault
    ) throws(CognitoConfigurationError) -> CognitoPool {
        var format = CognitoIssuerFormat.both
        if let issuerFormat {
            guard let parsed = CognitoIssuerFormat(rawValue: issuerFormat) else {
                throw CognitoConfigurationError(
                    "COGNITO_ISSUER_FORMAT (--issuer-format) must be original, updated or both, not \(issuerFormat)")
            }
            format = parsed
        }
        switch (region, userPool) {
        case (.some, .none):
            throw CognitoConfigurationError(
                "COGNITO_AWS_REGION (--region) is set without COGNITO_USER_POOL (--user-pool)")
        case (.none, .some(let pool)) where AWSRegion.region(ofPoolID: pool) == nil:
            throw CognitoConfigurationError(
                "COGNITO_USER_POOL (--user-pool) is set without COGNITO_AWS_REGION (--region), and the pool id "
                    + "carries no region")
        case (_, .some(let pool)):
            let configured = CognitoPool(
                region: region, userPoolID: pool, clientIDs: clientIDs, tokenUse: tokenUse, keySource: keySource,
                issuerFormat: format, replicaRegions: replicaRegionList)
            if let problem = configured.configurationProblem {
                throw CognitoConfigurationError(
                    "COGNITO_AWS_REGION, COGNITO_USER_POOL, COGNITO_ISSUER_FORMAT, COGNITO_REPLICA_REGIONS "
                        + "(--region, --user-pool, --issuer-format, --replica-region): \(problem)")
            }
            if let issuer, !configured.issuers.contains(where: { $0.issuer.bytesEqual(issuer) }) {
                throw CognitoConfigurationError(
                    "COGNITO_ISSUER (--issuer) \(issuer) contradicts region and user pool (\(configured.issuer))")
            }
            return configured
        case (.none, .none):
            guard let issuer else {
                throw CognitoConfigurationError(
                    "no issuer configured: set COGNITO_AWS_REGION and COGNITO_USER_POOL (--region, --user-pool) or COGNITO_ISSUER (--issuer)"
                )
            }
            guard issuer.hasPrefix("https://") || issuer.hasPrefix("http://") else {
                throw CognitoConfigurationError("COGNITO_ISSUER (--issuer) must be an http(s) URL")
            }
            if issuerFormat != nil || !replicaRegionList.isEmpty {
                throw CognitoConfigurationError(
                    "COGNITO_ISSUER_FORMAT and COGNITO_REPLICA_REGIONS (--issuer-format, --replica-region) apply to "
                        + "a pool given by COGNITO_USER_POOL (--user-pool), not to COGNITO_ISSUER (--issuer)")
            }
            return CognitoPool(issuer: issuer, clientIDs: clientIDs, tokenUse: tokenUse, keySource: keySource)
        }
    }

    /// Validates the settings into a configuration with one pool.
    package func configuration() throws(CognitoConfigurationError) -> CognitoConfiguration {
        var use = TokenUse.any
        if let tokenUse {
            guard let parsed = TokenUse(rawValue: tokenUse) else {
                throw CognitoConfigurationError(
                    "COGNITO_TOKEN_USE (--token-use) must be id, access or any, not \(tokenUse)")
            }
            use = parsed
        }
        let keySource: KeySource
        switch (jwksURL, jwksFile) {
        case (.some, .some): throw CognitoConfigurationError("give either a JWKS URL or a JWKS file, not both")
        case (.some(let url), .none):
            guard url.hasPrefix("https://") || url.hasPrefix("http://") else {
                throw CognitoConfigurationError("COGNITO_JWKS_URL (--jwks-url) must be an http(s) URL")
            }
            keySource = .url(url)
        case (.none, .some(let path)): keySource = .file(path)
        case (.none, .none): keySource = .issuerDefault
        }
        var leeway = Duration.zero
        if let leewaySeconds {
            leeway = try SettingValue.seconds(leewaySeconds, name: "COGNITO_LEEWAY_SECONDS (--leeway)", to: 86_400)
        }
        var pool = try resolvedPool(clientIDs: .every, tokenUse: use, keySource: keySource)
        pool.clientIDs = try acceptedClients()
        return CognitoConfiguration(pools: [pool], leeway: leeway)
    }
}
