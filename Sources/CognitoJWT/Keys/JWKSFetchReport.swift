import Tracing

/// What one JWKS fetch did: the key set or why not, and what the span, the log line and the timer report.
struct JWKSFetchReport: Sendable {
    /// The fetched key set, or why the fetch failed.
    let result: Result<JSONWebKeySet, CognitoJWTError>
    /// The HTTP status of a download that got an answer.
    let status: Int?
    /// The size of the document read, in bytes.
    let bytes: Int?
    /// How long the fetch took.
    let duration: Duration

    /// The usable keys of a successful fetch.
    var keyCount: Int? {
        if case .success(let keySet) = result { return keySet.keys.count }
        return nil
    }

    /// Sets the fetch span's attributes and, for a failure, its error status.
    func annotate(_ span: any Span, origin: KeySource, location: String) {
        span.updateAttributes { attributes in
            if case .url = origin {
                attributes[CognitoSpanNames.url] = location
            } else {
                attributes[CognitoSpanNames.source] = location
            }
            if let status { attributes[CognitoSpanNames.status] = status }
            if let bytes { attributes[CognitoSpanNames.bytes] = bytes }
            if let keyCount { attributes[CognitoSpanNames.keys] = keyCount }
            attributes[CognitoSpanNames.duration] = duration.seconds
            if case .failure(let error) = result { attributes[CognitoSpanNames.error] = error.message }
        }
        if case .failure(let error) = result {
            span.recordError(error)
            span.setStatus(SpanStatus(code: .error, message: error.code.rawValue))
        }
    }
}
