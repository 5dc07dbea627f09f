/// One issuer a pool's tokens may carry (their exact `iss`), and the JWKS URL of its keys.
public struct CognitoIssuer: Sendable, Equatable {
    /// The two issuer forms of AWS Cognito.
    public enum Form: String, Sendable, CaseIterable {
        /// `https://cognito-idp.<region>.amazonaws.com/<poolId>`: the pool's region, or a replica region.
        case original
        /// `https://issuer-cognito-idp.<primaryRegion>.amazonaws.com/<poolId>`, the same in every region.
        case updated
    }

    /// The exact `iss`.
    public var issuer: String
    /// Where this issuer's keys are fetched from when the pool's key source is ``KeySource/issuerDefault``.
    public var jwksURL: String
    /// The Cognito form of ``issuer``; `nil` for an issuer that is not AWS Cognito's (an emulator).
    public var form: Form?
    /// The region the issuer names; `nil` for an issuer that is not AWS Cognito's.
    public var region: String?

    /// An issuer with its JWKS URL (default `<issuer>/.well-known/jwks.json`).
    public init(issuer: String, jwksURL: String? = nil, form: Form? = nil, region: String? = nil) {
        self.issuer = issuer
        self.jwksURL = jwksURL ?? Self.jwksURL(of: issuer)
        self.form = form
        self.region = region
    }

    /// The issuer AWS Cognito uses for `userPoolID` in `form`, naming `region`.
    public init(form: Form, region: String, userPoolID: String) {
        let host = form == .original ? "cognito-idp" : "issuer-cognito-idp"
        self.init(
            issuer: "https://\(host).\(region).amazonaws.com/\(userPoolID)", form: form, region: region)
    }

    /// `<issuer>/.well-known/jwks.json` (without a doubled `/`).
    public static func jwksURL(of issuer: String) -> String {
        (issuer.hasSuffix("/") ? String(issuer.dropLast()) : issuer) + "/.well-known/jwks.json"
    }

    /// What an `iss` says about itself, when it has the shape of an AWS Cognito issuer: its form, region and
    /// pool id. For display only (`cognito-jwt decode`): verification matches `iss` against the configured
    /// issuers, byte for byte, and never builds a URL from a token.
    public static func describe(_ iss: String) -> (form: Form, region: String, userPoolID: String)? {
        for form in Form.allCases {
            let prefix = form == .original ? "https://cognito-idp." : "https://issuer-cognito-idp."
            guard iss.utf8.starts(with: prefix.utf8) else { continue }
            let rest = iss.utf8.dropFirst(prefix.utf8.count)
            let suffix = ".amazonaws.com/"
            guard let dot = rest.firstIndex(of: UInt8(ascii: ".")) else { return nil }
            let region = String(decoding: rest[..<dot], as: UTF8.self)
            let tail = rest[dot...]
            guard tail.starts(with: suffix.utf8) else { return nil }
            let pool = String(decoding: tail.dropFirst(suffix.utf8.count), as: UTF8.self)
            guard AWSRegion.isRegion(region), AWSRegion.isPoolID(pool) else { return nil }
            return (form, region, pool)
        }
        return nil
    }

    /// The region a pool id starts with (`eu-central-1` of `eu-central-1_xYzaq`), if it carries one.
    public static func region(ofPoolID userPoolID: String) -> String? {
        AWSRegion.region(ofPoolID: userPoolID)
    }
}
