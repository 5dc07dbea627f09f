/// One Cognito user pool whose tokens are accepted.
///
/// A pool given by region and pool id accepts both issuer forms by default (``CognitoIssuerFormat``), and the
/// original issuer of each replica region; each issuer has its own JWKS URL, fetched when a token naming that
/// issuer first needs it. An explicit ``keySource`` serves every issuer of the pool.
public struct CognitoPool: Sendable {
    /// Every `iss` the pool's tokens may carry, byte for byte, each with its JWKS URL. The first is ``issuer``.
    public var issuers: [CognitoIssuer]
    /// The accepted app clients (`aud` of ID tokens, `client_id` of access tokens): listed ids, or
    /// ``AcceptedClients/every`` by explicit choice. A list with no id is refused by the verifier.
    public var clientIDs: AcceptedClients
    /// Which tokens are accepted.
    public var tokenUse: TokenUse
    /// Where the signing keys come from: ``KeySource/issuerDefault`` is each issuer's own JWKS URL; any other
    /// source serves every issuer of the pool.
    public var keySource: KeySource
    /// The pool id, for a pool given by region and pool id.
    public private(set) var userPoolID: String?
    /// The pool's own (primary) region, for a pool given by region and pool id.
    public private(set) var region: String?
    /// The accepted issuer forms, for a pool given by region and pool id.
    public private(set) var issuerFormat: CognitoIssuerFormat?
    /// The replica regions whose original issuer is accepted.
    public private(set) var replicaRegions: [String] = []
    /// Why these settings cannot work (a region contradicting the pool id, …); the verifier refuses them.
    let configurationProblem: String?

    /// A pool of AWS Cognito, by region and pool id.
    ///
    /// - Parameters:
    ///   - region: the pool's region; may be left out when the pool id carries it (`eu-central-1_xYzaq`). A region
    ///     other than the pool id's must be one of `replicaRegions`.
    ///   - userPoolID: the pool id.
    ///   - clientIDs: the accepted app client ids (a list literal), or ``AcceptedClients/every``.
    ///   - tokenUse: which tokens are accepted.
    ///   - keySource: where the keys come from (default: each issuer's JWKS URL).
    ///   - issuerFormat: the accepted issuer forms (default both).
    ///   - replicaRegions: regions the pool is replicated to; their original issuer is accepted too.
    public init(
        region: String? = nil, userPoolID: String, clientIDs: AcceptedClients, tokenUse: TokenUse = .any,
        keySource: KeySource = .issuerDefault, issuerFormat: CognitoIssuerFormat = .both,
        replicaRegions: [String] = []
    ) {
        let carried = AWSRegion.region(ofPoolID: userPoolID)
        var replicas: [String] = []
        for replica in replicaRegions where !replicas.contains(where: { $0.bytesEqual(replica) }) {
            replicas.append(replica)
        }
        var problems: [String] = []
        let primary: String
        switch (region, carried) {
        case (.none, .none):
            problems.append("the user pool id \(userPoolID) carries no region: give the region")
            primary = ""
        case (.none, .some(let carried)): primary = carried
        case (.some(let region), .none): primary = region
        case (.some(let region), .some(let carried)):
            primary = carried
            if !region.bytesEqual(carried) && !replicas.contains(where: { $0.bytesEqual(region) }) {
                problems.append(
                    "the region \(region) contradicts the user pool id \(userPoolID) (region \(carried)); "
                        + "list it as a replica region if the pool is replicated there")
            }
        }
        if !primary.isEmpty && !AWSRegion.isRegion(primary) {
            problems.append("\(primary) is not an AWS region name")
        }
        if !AWSRegion.isPoolID(userPoolID) {
            problems.append("the user pool id must be letters, digits, _ and -, not \(userPoolID)")
        }
        for replica in replicas where !AWSRegion.isRegion(replica) {
            problems.append("the replica region \(replica) is not an AWS region name")
        }
        if issuerFormat == .updated && !replicas.isEmpty {
            problems.append(
                "replica regions need the original issuer format: with the updated one every region's tokens "
                    + "carry the primary region's issuer")
        }
        var issuers: [CognitoIssuer] = []
        if issuerFormat.includesOriginal {
            issuers.append(CognitoIssuer(form: .original, region: primary, userPoolID: userPoolID))
        }
        if issuerFormat.includesUpdated {
            issuers.append(CognitoIssuer(form: .updated, region: primary, userPoolID: userPoolID))
        }
        if issuerFormat.includesOriginal {
            for replica in replicas where !replica.bytesEqual(primary) {
                issuers.append(CognitoIssuer(form: .original, region: replica, userPoolID: userPoolID))
            }
        }
        self.issuers = issuers
        self.clientIDs = clientIDs
        self.tokenUse = tokenUse
        self.keySource = keySource
        self.userPoolID = userPoolID
        self.region = primary.isEmpty ? nil : primary
        self.issuerFormat = issuerFormat
        self.replicaRegions = replicas.filter { !$0.bytesEqual(primary) }
        self.configurationProblem = problems.isEmpty ? nil : problems.joined(separator: "; ")
    }

    /// A pool with an explicit issuer (for example a local Cognito emulator).
    public init(
        issuer: String, clientIDs: AcceptedClients, tokenUse: TokenUse = .any,
        keySource: KeySource = .issuerDefault
    ) {
        self.init(
            issuers: [CognitoIssuer(issuer: issuer)], clientIDs: clientIDs, tokenUse: tokenUse, keySource: keySource)
    }

    /// A pool with explicit issuers, each with its JWKS URL.
    public init(
        issuers: [CognitoIssuer], clientIDs: AcceptedClients, tokenUse: TokenUse = .any,
        keySource: KeySource = .issuerDefault
    ) {
        self.issuers = issuers
        self.clientIDs = clientIDs
        self.tokenUse = tokenUse
        self.keySource = keySource
        self.configurationProblem = nil
    }

    /// The pool's first issuer: the original issuer of its primary region, unless only the updated form is
    /// accepted. Setting it makes the pool one of that single issuer.
    public var issuer: String {
        get { issuers.first?.issuer ?? "" }
        set {
            issuers = [CognitoIssuer(issuer: newValue)]
            userPoolID = nil
            region = nil
            issuerFormat = nil
            replicaRegions = []
        }
    }

    /// The original issuer AWS Cognito uses for a pool in `region`.
    public static func issuer(region: String, userPoolID: String) -> String {
        CognitoIssuer(form: .original, region: region, userPoolID: userPoolID).issuer
    }

    /// The pool's canonical identity, the same for each of its ``issuers``: the user pool id for a pool of AWS
    /// Cognito (`eu-central-1_xYzaq`, unique across regions), else its first issuer. Users are keyed by it.
    public var identity: String {
        if let userPoolID { return userPoolID }
        return Self.identity(ofIssuer: issuer)
    }

    /// The canonical identity of the pool an issuer belongs to: the pool id of an AWS Cognito issuer (either
    /// form, any region), else the issuer itself.
    public static func identity(ofIssuer issuer: String) -> String {
        CognitoIssuer.describe(issuer)?.userPoolID ?? issuer
    }

    /// The JWKS URL of ``issuer`` (by default `<issuer>/.well-known/jwks.json`).
    public var defaultJWKSURL: String { issuers.first?.jwksURL ?? CognitoIssuer.jwksURL(of: issuer) }
}
