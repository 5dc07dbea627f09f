/// A member's value as the bytes a comparison needs; valid only inside the closure that receives it.
enum JSONScalarBytes {
    /// No member of that name.
    case absent
    /// A string: its UTF-8 bytes, escapes resolved.
    case string(UnsafeRawBufferPointer)
    /// A number: its literal text.
    case number(UnsafeRawBufferPointer)
    /// `true`, `false`, `null`, an array or an object.
    case other
}
