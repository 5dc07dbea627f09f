extension StrictJSON {
    /// Why a document was rejected.
    public struct SyntaxError: Error, Sendable, CustomStringConvertible {
        /// What is wrong.
        public let reason: String
        /// Byte offset at which it was noticed.
        public let offset: Int
        /// `reason at byte offset`.
        public var description: String { "\(reason) at byte \(offset)" }
    }
}
