import Hummingbird
import Prometheus

/// `GET /metrics`: the verifier's metrics (and anything else in the registry) in the Prometheus text format.
enum MetricsEndpoint {
    /// The content type of the Prometheus text exposition format.
    static let contentType = "text/plain; version=0.0.4; charset=utf-8"

    /// Adds `GET /metrics` to `router`, answering what `registry` holds.
    static func add<Context: RequestContext>(to router: Router<Context>, registry: PrometheusCollectorRegistry) {
        router.get("metrics") { _, _ in
            Response(
                status: .ok, headers: [.contentType: contentType],
                body: ResponseBody(byteBuffer: ByteBuffer(bytes: registry.emitToBuffer())))
        }
    }
}
