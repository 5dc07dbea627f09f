import Foundation

/// What an ``ALBVerifier`` accepts: the load balancers that sign (`signer`), the Cognito pool they authenticate
/// against (`iss`), its app clients (`client`), and where the load balancers' public keys are fetched from.
public struct ALBConfiguration: Sendable {
    /// The ARNs of the load balancers whose data tokens are accepted (`signer`, byte for byte).
    public var loadBalancerARNs: [String]
    /// The Cognito user pool's issuer, `https://cognito-idp.<region>.amazonaws.com/<pool id>` (`iss`).
    public var issuer: String
    /// The app client ids the load balancers' listener rules use (`client`).
    public var clientIDs: [String]
    /// Replaces `https://public-keys.auth.elb.<region>.amazonaws.com` (and GovCloud's location): keys are
    /// fetched from `<keyBaseURL>/<kid>`. For tests and private mirrors.
    public var keyBaseURL: String?
    /// Tolerated clock skew for `exp`.
    public var leeway: Duration
    /// Deadlines, size limit and cool-down of the key fetches (the JWKS fetcher's).
    public var fetchOptions: JWKSFetchOptions

    /// A configuration with the pool given by region and id.
    public init(
        loadBalancerARNs: [String], region: String, userPoolID: String, clientIDs: [String],
        keyBaseURL: String? = nil, leeway: Duration = .zero, fetchOptions: JWKSFetchOptions = .init()
    ) {
        self.init(
            loadBalancerARNs: loadBalancerARNs, issuer: "https://cognito-idp.\(region).amazonaws.com/\(userPoolID)",
            clientIDs: clientIDs, keyBaseURL: keyBaseURL, leeway: leeway, fetchOptions: fetchOptions)
    }

    /// A configuration with the pool given by its issuer URL.
    public init(
        loadBalancerARNs: [String], issuer: String, clientIDs: [String], keyBaseURL: String? = nil,
        leeway: Duration = .zero, fetchOptions: JWKSFetchOptions = .init()
    ) {
        self.loadBalancerARNs = loadBalancerARNs
        self.issuer = issuer
        self.clientIDs = clientIDs
        self.keyBaseURL = keyBaseURL
        self.leeway = leeway
        self.fetchOptions = fetchOptions
    }

    /// From `COGNITO_ALB_ARN` (comma-separated), `COGNITO_AWS_REGION` and `COGNITO_USER_POOL` (or
    /// `COGNITO_ISSUER`), `COGNITO_AUDIENCE` (the client ids, comma-separated), `COGNITO_ALB_KEY_URL`,
    /// `COGNITO_LEEWAY_SECONDS` and the `COGNITO_JWKS_*` fetch limits.
    ///
    /// - Throws: ``CognitoConfigurationError`` naming the variable that is missing or invalid.
    public static func fromEnvironment(
        _ environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws(CognitoConfigurationError) -> ALBConfiguration {
        /// The variable's value, trimmed; `nil` when it is unset or blank.
        func value(_ name: String) -> String? {
            guard let text = environment[name]?.trimmingCharacters(in: .whitespaces), !text.isEmpty else { return nil }
            return text
        }
        func list(_ name: String) -> [String] {
            (environment[name] ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
                .filter { !$0.isEmpty }
        }
        let arns = list("COGNITO_ALB_ARN")
        guard !arns.isEmpty else { throw CognitoConfigurationError("COGNITO_ALB_ARN is not set") }
        let issuer: String
        if let explicit = value("COGNITO_ISSUER") {
            issuer = explicit
        } else {
            guard let pool = value("COGNITO_USER_POOL") else {
                throw CognitoConfigurationError("COGNITO_USER_POOL (or COGNITO_ISSUER) is not set")
            }
            guard AWSRegion.isPoolID(pool) else {
                throw CognitoConfigurationError("COGNITO_USER_POOL is not a user pool id: \(pool)")
            }
            guard let region = value("COGNITO_AWS_REGION") ?? AWSRegion.region(ofPoolID: pool) else {
                throw CognitoConfigurationError("COGNITO_AWS_REGION is not set and the pool id carries no region")
            }
            guard AWSRegion.isRegion(region) else {
                throw CognitoConfigurationError("COGNITO_AWS_REGION is not an AWS region: \(region)")
            }
            issuer = "https://cognito-idp.\(region).amazonaws.com/\(pool)"
        }
        var leeway = Duration.zero
        if let text = value("COGNITO_LEEWAY_SECONDS") {
            leeway = try SettingValue.seconds(text, name: "COGNITO_LEEWAY_SECONDS", to: 86_400)
        }
        let configuration = ALBConfiguration(
            loadBalancerARNs: arns, issuer: issuer, clientIDs: list("COGNITO_AUDIENCE"),
            keyBaseURL: value("COGNITO_ALB_KEY_URL"), leeway: leeway,
            fetchOptions: try JWKSFetchOptions(environment: environment))
        _ = try configuration.validated()
        return configuration
    }

    /// The parsed load balancers; throws for an ARN, issuer, client list or key URL that cannot be used.
    func validated() throws(CognitoConfigurationError) -> [ALBLoadBalancerARN] {
        guard !loadBalancerARNs.isEmpty else {
            throw CognitoConfigurationError("no ALB ARN configured (COGNITO_ALB_ARN)")
        }
        var parsed: [ALBLoadBalancerARN] = []
        for text in loadBalancerARNs {
            guard let arn = ALBLoadBalancerARN(text) else {
                throw CognitoConfigurationError(
                    "COGNITO_ALB_ARN: not an Application Load Balancer ARN (arn:aws:elasticloadbalancing:REGION:"
                        + "ACCOUNT:loadbalancer/app/NAME/ID): \(text)")
            }
            parsed.append(arn)
        }
        guard !clientIDs.isEmpty, !clientIDs.contains(where: \.isEmpty) else {
            throw CognitoConfigurationError("no app client id configured for the ALB (COGNITO_AUDIENCE)")
        }
        guard issuer.hasPrefix("https://") || LoopbackURL.isLoopback(issuer) else {
            throw CognitoConfigurationError("the ALB's Cognito issuer (COGNITO_ISSUER) must be an https URL: \(issuer)")
        }
        if let keyBaseURL {
            guard keyBaseURL.hasPrefix("https://") || LoopbackURL.isLoopback(keyBaseURL), !keyBaseURL.hasSuffix("/")
            else {
                throw CognitoConfigurationError(
                    "the ALB key URL (COGNITO_ALB_KEY_URL) must be an https URL (or http on 127.0.0.1) without a "
                        + "trailing /: \(keyBaseURL)")
            }
        }
        return parsed
    }
}
