/// An Application Load Balancer's ARN, checked at configuration:
/// `arn:<partition>:elasticloadbalancing:<region>:<12-digit account>:loadbalancer/app/<name>/<id>`, with the
/// partition `aws` or `aws-us-gov` (the two whose ALB key locations AWS documents).
struct ALBLoadBalancerARN: Sendable {
    /// The ARN as configured, compared byte for byte with a data token's `signer`.
    let text: String
    /// `aws` or `aws-us-gov`.
    let partition: String
    /// The load balancer's region, which names its key server.
    let region: String

    /// Parses `text`; `nil` when it is not an ALB's ARN in a supported partition.
    init?(_ text: String) {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 6, parts[0] == "arn", ["aws", "aws-us-gov"].contains(parts[1]),
            parts[2] == "elasticloadbalancing", AWSRegion.isRegion(parts[3]),
            parts[4].utf8.count == 12, parts[4].utf8.allSatisfy({ (0x30...0x39).contains($0) })
        else { return nil }
        let resource = parts[5].split(separator: "/", omittingEmptySubsequences: false)
        guard resource.count == 4, resource[0] == "loadbalancer", resource[1] == "app",
            !resource[2].isEmpty, !resource[3].isEmpty,
            text.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F })
        else { return nil }
        self.text = text
        self.partition = parts[1]
        self.region = parts[3]
    }

    /// Where AWS serves this load balancer's public keys, as `<base>/<kid>`: the regional
    /// `public-keys.auth.elb` host, or GovCloud's documented S3 location.
    var keyBaseURL: String {
        partition == "aws-us-gov"
            ? "https://s3-\(region).amazonaws.com/aws-elb-public-keys-prod-\(region)"
            : "https://public-keys.auth.elb.\(region).amazonaws.com"
    }
}
