import CognitoJWTTesting
import Foundation
import Testing

@testable import CognitoJWT

/// ``ALBConfiguration``: from the environment, its validation, and where each partition's keys are.
@Suite("ALB configuration")
struct ALBConfigurationTests {
    static let arn = "arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/app/my-alb/50dc6c495c0c9188"
    static let otherARN = "arn:aws:elasticloadbalancing:us-east-2:123456789012:loadbalancer/app/other/0123456789abcdef"
    static let govARN =
        "arn:aws-us-gov:elasticloadbalancing:us-gov-west-1:123456789012:loadbalancer/app/gov-alb/50dc6c495c0c9188"

    /// A complete environment, with the pool by region and id.
    static let environment = [
        "COGNITO_ALB_ARN": arn, "COGNITO_AWS_REGION": "eu-west-1", "COGNITO_USER_POOL": "eu-west-1_AbCdEf123",
        "COGNITO_AUDIENCE": "client-one",
    ]

    /// The message of the configuration error `body` throws, or nil when it succeeds.
    func failure(_ body: () throws(CognitoConfigurationError) -> Void) -> String? {
        do {
            try body()
            return nil
        } catch {
            return error.message
        }
    }

    /// The message of the error `fromEnvironment` throws for `environment`, or nil.
    func failure(_ environment: [String: String]) -> String? {
        failure { () throws(CognitoConfigurationError) in _ = try ALBConfiguration.fromEnvironment(environment) }
    }

    @Test("COGNITO_ALB_ARN, COGNITO_AWS_REGION, COGNITO_USER_POOL and COGNITO_AUDIENCE configure a verifier")
    func fromEnvironment() throws {
        let configuration = try ALBConfiguration.fromEnvironment(Self.environment)
        #expect(configuration.loadBalancerARNs == [Self.arn])
        #expect(configuration.issuer == "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbCdEf123")
        #expect(configuration.clientIDs == ["client-one"])
        #expect(configuration.keyBaseURL == nil)
        #expect(configuration.leeway == .zero)
        #expect(configuration.fetchOptions.timeout == JWKSFetchOptions().timeout)
    }

    @Test("lists are comma-separated with blanks dropped; the key URL, leeway and fetch limits are read")
    func lists() throws {
        var environment = Self.environment
        environment["COGNITO_ALB_ARN"] = " \(Self.arn) ,\(Self.otherARN),, "
        environment["COGNITO_AUDIENCE"] = "client-one, client-two ,"
        environment["COGNITO_ALB_KEY_URL"] = "https://keys.example.com/alb"
        environment["COGNITO_LEEWAY_SECONDS"] = "30"
        environment["COGNITO_JWKS_TIMEOUT_SECONDS"] = "2"
        let configuration = try ALBConfiguration.fromEnvironment(environment)
        #expect(configuration.loadBalancerARNs == [Self.arn, Self.otherARN])
        #expect(configuration.clientIDs == ["client-one", "client-two"])
        #expect(configuration.keyBaseURL == "https://keys.example.com/alb")
        #expect(configuration.leeway == .seconds(30))
        #expect(configuration.fetchOptions.timeout == .seconds(2))
        let verifier = try ALBVerifier(configuration: configuration)
        #expect(verifier.loadBalancers.map(\.region) == ["eu-west-1", "us-east-2"])
    }

    @Test("COGNITO_ISSUER names the pool instead of region and pool id; the pool id may carry the region")
    func issuer() throws {
        let explicit = try ALBConfiguration.fromEnvironment([
            "COGNITO_ALB_ARN": Self.arn, "COGNITO_ISSUER": "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_X",
            "COGNITO_AUDIENCE": "c",
        ])
        #expect(explicit.issuer == "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_X")
        let carried = try ALBConfiguration.fromEnvironment([
            "COGNITO_ALB_ARN": Self.arn, "COGNITO_USER_POOL": "ap-south-1_Pool", "COGNITO_AUDIENCE": "c",
        ])
        #expect(carried.issuer == "https://cognito-idp.ap-south-1.amazonaws.com/ap-south-1_Pool")
        var blankRegion = Self.environment
        blankRegion["COGNITO_AWS_REGION"] = ""
        #expect(
            try ALBConfiguration.fromEnvironment(blankRegion).issuer
                == "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbCdEf123",
            "a blank region is unset")
    }

    @Test(
        "a missing or invalid variable is a CognitoConfigurationError naming it",
        arguments: [
            ("COGNITO_ALB_ARN", nil as String?, "COGNITO_ALB_ARN"), ("COGNITO_ALB_ARN", " , ", "COGNITO_ALB_ARN"),
            ("COGNITO_USER_POOL", nil, "COGNITO_USER_POOL"), ("COGNITO_USER_POOL", "", "COGNITO_USER_POOL"),
            ("COGNITO_USER_POOL", "pool/../x", "COGNITO_USER_POOL"),
            ("COGNITO_AWS_REGION", "eu_west", "COGNITO_AWS_REGION"),
            ("COGNITO_AWS_REGION", "evil.example/x", "COGNITO_AWS_REGION"),
            ("COGNITO_AUDIENCE", nil, "COGNITO_AUDIENCE"),
            ("COGNITO_AUDIENCE", ",", "COGNITO_AUDIENCE"), ("COGNITO_LEEWAY_SECONDS", "x", "COGNITO_LEEWAY_SECONDS"),
            ("COGNITO_LEEWAY_SECONDS", "-1", "COGNITO_LEEWAY_SECONDS"),
            ("COGNITO_LEEWAY_SECONDS", "86401", "COGNITO_LEEWAY_SECONDS"),
            ("COGNITO_JWKS_TIMEOUT_SECONDS", "soon", "COGNITO_JWKS_TIMEOUT_SECONDS"),
            ("COGNITO_ALB_KEY_URL", "http://keys.example.com", "COGNITO_ALB_KEY_URL"),
            ("COGNITO_ALB_KEY_URL", "https://keys.example.com/", "COGNITO_ALB_KEY_URL"),
            ("COGNITO_ISSUER", "http://cognito-idp.eu-west-1.amazonaws.com/p", "COGNITO_ISSUER"),
        ])
    func missingOrInvalid(name: String, value: String?, named: String) {
        var environment = Self.environment
        environment[name] = value
        let message = failure(environment)
        #expect(message?.contains(named) == true, "\(name)=\(value ?? "unset"): \(message ?? "accepted")")
    }

    @Test("a pool id that carries no region needs COGNITO_AWS_REGION")
    func regionNeeded() {
        let message = failure(["COGNITO_ALB_ARN": Self.arn, "COGNITO_USER_POOL": "LocalPool", "COGNITO_AUDIENCE": "c"])
        #expect(message?.contains("COGNITO_AWS_REGION") == true)
    }

    static let invalidARNs = [
        "arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/net/my-nlb/50dc6c495c0c9188",
        "arn:aws-cn:elasticloadbalancing:cn-north-1:123456789012:loadbalancer/app/my-alb/50dc6c495c0c9188",
        "arn:aws:elasticloadbalancing:eu-west-1:12345678901:loadbalancer/app/my-alb/50dc6c495c0c9188",
        "arn:aws:elasticloadbalancing:eu-west-1:1234567890123:loadbalancer/app/my-alb/50dc6c495c0c9188",
        "arn:aws:elasticloadbalancing:eu-west-1:12345678901a:loadbalancer/app/my-alb/50dc6c495c0c9188",
        "arn:aws:ec2:eu-west-1:123456789012:loadbalancer/app/my-alb/50dc6c495c0c9188",
        "arn:aws:elasticloadbalancing:eu.west.1:123456789012:loadbalancer/app/my-alb/50dc6c495c0c9188",
        "arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/app/my-alb",
        "arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/app//50dc6c495c0c9188",
        "arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/app/my-alb/50dc6c495c0c9188/extra",
        "arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/app/my-alb/50dc6c495c0c9188",
        "arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/app/my alb/50dc6c495c0c9188",
        "arn:aws:elasticloadbalancing:eu-west-1:123456789012:extra:loadbalancer/app/my-alb/50dc6c495c0c9188",
        "my-alb", "",
    ]

    @Test("an ARN that is not an Application Load Balancer's is refused, naming the ARN", arguments: invalidARNs)
    func invalidARN(arn: String) {
        #expect(ALBLoadBalancerARN(arn) == nil)
        guard !arn.isEmpty else { return }
        var environment = Self.environment
        environment["COGNITO_ALB_ARN"] = Self.arn + "," + arn
        let message = failure(environment)
        #expect(message?.contains(arn) == true, "\(message ?? "accepted")")
        let direct = failure { () throws(CognitoConfigurationError) in
            _ = try ALBVerifier(
                configuration: ALBConfiguration(
                    loadBalancerARNs: [arn], issuer: "https://cognito-idp.eu-west-1.amazonaws.com/p", clientIDs: ["c"]))
        }
        #expect(direct?.contains(arn) == true)
    }

    @Test("the verifier refuses no ARN, no client id, an empty client id and an unusable key URL")
    func verifierValidation() {
        let issuer = "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_P"
        let configurations = [
            ALBConfiguration(loadBalancerARNs: [], issuer: issuer, clientIDs: ["c"]),
            ALBConfiguration(loadBalancerARNs: [Self.arn], issuer: issuer, clientIDs: []),
            ALBConfiguration(loadBalancerARNs: [Self.arn], issuer: issuer, clientIDs: ["c", ""]),
            ALBConfiguration(loadBalancerARNs: [Self.arn], issuer: issuer, clientIDs: ["c"], keyBaseURL: "ftp://x"),
            ALBConfiguration(loadBalancerARNs: [Self.arn], issuer: "cognito", clientIDs: ["c"]),
        ]
        for configuration in configurations {
            #expect(
                failure { () throws(CognitoConfigurationError) in _ = try ALBVerifier(configuration: configuration) }
                    != nil)
        }
        let byRegion = ALBConfiguration(
            loadBalancerARNs: [Self.arn], region: "eu-west-1", userPoolID: "eu-west-1_P", clientIDs: ["c"],
            keyBaseURL: "http://127.0.0.1:8080")
        #expect(byRegion.issuer == issuer)
        #expect(failure { () throws(CognitoConfigurationError) in _ = try ALBVerifier(configuration: byRegion) } == nil)
    }

    @Test("keys are at public-keys.auth.elb.<region>, GovCloud's at its documented S3 location")
    func keyLocations() throws {
        let commercial = try #require(ALBLoadBalancerARN(Self.arn))
        #expect(commercial.partition == "aws")
        #expect(commercial.region == "eu-west-1")
        #expect(commercial.keyBaseURL == "https://public-keys.auth.elb.eu-west-1.amazonaws.com")
        let gov = try #require(ALBLoadBalancerARN(Self.govARN))
        #expect(gov.partition == "aws-us-gov")
        #expect(gov.region == "us-gov-west-1")
        #expect(gov.keyBaseURL == "https://s3-us-gov-west-1.amazonaws.com/aws-elb-public-keys-prod-us-gov-west-1")
        let govEast = try #require(
            ALBLoadBalancerARN(
                "arn:aws-us-gov:elasticloadbalancing:us-gov-east-1:123456789012:loadbalancer/app/e/50dc6c495c0c9188"))
        #expect(govEast.keyBaseURL == "https://s3-us-gov-east-1.amazonaws.com/aws-elb-public-keys-prod-us-gov-east-1")
        var environment = Self.environment
        environment["COGNITO_ALB_ARN"] = Self.govARN
        #expect(try ALBConfiguration.fromEnvironment(environment).loadBalancerARNs == [Self.govARN])
    }

    @Test("a kid is a UUID: 8-4-4-4-12 hexadecimal digits, either case")
    func uuid() {
        #expect(ALBVerifier.isUUID("4f0c1b1e-8a0a-4c43-9f7e-4ad8b0d3c1e2"))
        #expect(ALBVerifier.isUUID("4F0C1B1E-8A0A-4C43-9F7E-4AD8B0D3C1E2"))
        #expect(ALBVerifier.isUUID(UUID().uuidString))
        for kid in [
            "4f0c1b1e-8a0a-4c43-9f7e-4ad8b0d3c1e", "4f0c1b1e-8a0a-4c43-9f7e-4ad8b0d3c1e2a",
            "4f0c1b1e8a0a-4c43-9f7e-4ad8b0d3c1e2-", "4f0c1b1e-8a0a-4c43-9f7e/4ad8b0d3c1e2", "",
            "g f0c1b1e-8a0a-4c43-9f7e-4ad8b0d3c1e", "４f0c1b1e-8a0a-4c43-9f7e-4ad8b0d3c1e2",
        ] {
            #expect(!ALBVerifier.isUUID(kid), "\(kid)")
        }
    }
}
