/// A drill that cannot run (the issuer has no access-token key).
public struct KeyRotationDrillError: Error, CustomStringConvertible {
    /// Why.
    public let description: String
    init(_ description: String) { self.description = description }
}
