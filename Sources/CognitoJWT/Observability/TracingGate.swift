import Tracing

/// Decides, without a lock or an allocation in the common case, whether a span is worth starting.
///
/// With no trace in progress (no `ServiceContext.current`) and no tracer bootstrapped when the verifier was made,
/// nothing is traced and nothing else is read. Otherwise the active tracer is looked up, and a `NoOpTracer` means
/// no span either.
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
    /// - Parameter tracerAtStart: whether a tracer was active when the caller was created.
    static func tracer(tracerAtStart: Bool) -> (any Tracer)? {
        guard tracerAtStart || ServiceContext.current != nil else { return nil }
        return activeTracer()
    }
}
