import Tracing

/// Decides, without a lock, an allocation or a task-local read in the common case, whether a span is worth starting.
///
/// A verifier made while no tracer was active (none bootstrapped, none bound by `withTracer`) traces nothing and
/// reads nothing more: bootstrap the tracer before making the verifier. Otherwise the active tracer is looked up
/// for each verification, and a `NoOpTracer` means no span either.
enum TracingGate {
    /// Whether a tracer other than `NoOpTracer` is active now (the bootstrapped one, or one bound by `withTracer`).
    static var tracerIsActive: Bool { activeTracer() != nil }

    /// The active tracer, `nil` for a `NoOpTracer`.
    static func activeTracer() -> (any Tracer)? {
        let tracer = InstrumentationSystem.tracer
        return tracer is NoOpTracer ? nil : tracer
    }

    /// The tracer for a span in the current task, or `nil` to trace nothing.
    ///
    /// - Parameter tracerAtStart: whether a tracer was active when the caller was made.
    @inline(__always)
    static func tracer(tracerAtStart: Bool) -> (any Tracer)? {
        guard tracerAtStart else { return nil }
        return activeTracer()
    }
}
