/// Order statistics for the per-round figures.
extension Array where Element == Double {
    /// The median (mean of the two middle values for an even count).
    public var median: Double {
        precondition(!isEmpty)
        let sorted = self.sorted()
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }
}

/// A figure with two decimals, as `ratios.sh` prints them.
public func twoDecimals(_ value: Double) -> String {
    let hundredths = Int((value * 100).rounded())
    let fraction = abs(hundredths % 100)
    return "\(hundredths < 0 ? "-" : "")\(abs(hundredths) / 100).\(fraction < 10 ? "0" : "")\(fraction)"
}
