import GRPCCore
import Member

/// Counts every client RPC as `grpc_server_started_total` and `grpc_server_handled_total`
/// with go-grpc-prometheus's labels, the counters etcd exports.
struct MetricsInterceptor: ServerInterceptor {
    let metrics: ServerMetrics

    static let streamTypes: [String: String] = [
        "Watch": "bidi_stream", "LeaseKeepAlive": "bidi_stream", "Snapshot": "server_stream",
    ]

    /// Go's names for the status codes, as the labels carry them.
    static let codeNames = [
        "OK", "Canceled", "Unknown", "InvalidArgument", "DeadlineExceeded", "NotFound", "AlreadyExists",
        "PermissionDenied", "ResourceExhausted", "FailedPrecondition", "Aborted", "OutOfRange", "Unimplemented",
        "Internal", "Unavailable", "DataLoss", "Unauthenticated",
    ]

    static func name(of error: any Error) -> String {
        guard let rpc = error as? RPCError, codeNames.indices.contains(rpc.code.rawValue) else { return "Unknown" }
        return codeNames[rpc.code.rawValue]
    }

    func intercept<Input: Sendable, Output: Sendable>(
        request: StreamingServerRequest<Input>,
        context: ServerContext,
        next: @Sendable (StreamingServerRequest<Input>, ServerContext) async throws -> StreamingServerResponse<Output>
    ) async throws -> StreamingServerResponse<Output> {
        let service = context.descriptor.service.fullyQualifiedService
        let method = context.descriptor.method
        let type = Self.streamTypes[method] ?? "unary"
        metrics.started(service: service, method: method, type: type)
        var response: StreamingServerResponse<Output>
        do {
            response = try await next(request, context)
        } catch {
            // Unary handlers fail here, before any response exists.
            metrics.handled(service: service, method: method, type: type, code: Self.name(of: error))
            throw error
        }
        switch response.accepted {
        case .failure(let error):
            metrics.handled(service: service, method: method, type: type, code: Self.name(of: error))
        case .success(var contents):
            let produce = contents.producer
            let metrics = self.metrics
            contents.producer = { writer in
                do {
                    let trailers = try await produce(writer)
                    metrics.handled(service: service, method: method, type: type, code: "OK")
                    return trailers
                } catch {
                    metrics.handled(service: service, method: method, type: type, code: Self.name(of: error))
                    throw error
                }
            }
            response.accepted = .success(contents)
        }
        return response
    }
}
