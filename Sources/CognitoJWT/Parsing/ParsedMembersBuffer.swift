/// The single allocation behind ``ParsedMembers``: the member table as elements, the text after them.
final class ParsedMembersBuffer: ManagedBuffer<ParsedMembersBuffer.Counts, ParsedMembers.Entry> {
    /// How many entries and text bytes the buffer holds. Both are immutable once created.
    struct Counts {
        let entries: Int
        let text: Int
    }
}
