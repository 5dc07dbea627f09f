/// The headers an Application Load Balancer with an `authenticate-cognito` rule adds to each request it
/// forwards. Anyone who reaches the service around the load balancer can set them too: ``ALBVerifier`` checks
/// them before they are believed.
public struct ALBHeaders: Sendable {
    /// `x-amzn-oidc-data`: the user's claims, a JWT the load balancer signs with ES256.
    public static let dataName = "x-amzn-oidc-data"
    /// `x-amzn-oidc-accesstoken`: the Cognito access token, as Cognito issued it.
    public static let accessTokenName = "x-amzn-oidc-accesstoken"
    /// `x-amzn-oidc-identity`: the user's `sub`.
    public static let identityName = "x-amzn-oidc-identity"

    /// Every value of `x-amzn-oidc-data` (a request that passed the load balancer has exactly one).
    public var data: [String]
    /// Every value of `x-amzn-oidc-accesstoken`.
    public var accessToken: [String]
    /// Every value of `x-amzn-oidc-identity`.
    public var identity: [String]

    /// The values of the three headers.
    public init(data: [String], accessToken: [String] = [], identity: [String] = []) {
        self.data = data
        self.accessToken = accessToken
        self.identity = identity
    }

    /// The three headers read through `values`, which gives every value of a header by its lowercase name.
    public init(values: (String) -> [String]) {
        self.init(
            data: values(Self.dataName), accessToken: values(Self.accessTokenName), identity: values(Self.identityName))
    }
}
