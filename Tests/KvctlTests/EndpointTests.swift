import Client
import GRPCCore
import Testing

@Suite struct EndpointTests {
    @Test func parsesTheFormsEtcdctlTakes() throws {
        #expect(try Endpoint(parsing: "127.0.0.1:2379") == Endpoint(host: "127.0.0.1", port: 2379))
        #expect(try Endpoint(parsing: "http://localhost:2379") == Endpoint(host: "localhost", port: 2379, scheme: .http))
        #expect(try Endpoint(parsing: "https://kv.example:443/") == Endpoint(host: "kv.example", port: 443, scheme: .https))
        #expect(try Endpoint(parsing: "[::1]:2379") == Endpoint(host: "::1", port: 2379))
        #expect(try Endpoint(parsing: "[::1]:2379").address == "[::1]:2379")
        #expect(try Endpoint.list(parsing: "a:1, b:2,").map(\.address) == ["a:1", "b:2"])
    }

    @Test func refusesWhatIsNotAnEndpoint() {
        #expect(throws: ClientError.invalidEndpoint("localhost", "missing port")) { try Endpoint(parsing: "localhost") }
        #expect(throws: ClientError.invalidEndpoint("unix://x:1", "unsupported scheme (use http or https)")) {
            try Endpoint(parsing: "unix://x:1")
        }
        #expect(throws: ClientError.invalidEndpoint("h:99999", "invalid port \"99999\"")) { try Endpoint(parsing: "h:99999") }
        #expect(throws: ClientError.invalidEndpoint("http://h:1/v3", "a path is not allowed")) { try Endpoint(parsing: "http://h:1/v3") }
        #expect(throws: ClientError.invalidEndpoint(",", "no endpoint given")) { try Endpoint.list(parsing: ",") }
    }
}

@Suite struct ClientErrorTextTests {
    @Test func ipLiteralsAreDialledAsAddresses() throws {
        #expect(try Endpoint(parsing: "127.0.0.1:1").addressFamily == .ipv4)
        #expect(try Endpoint(parsing: "[::1]:1").addressFamily == .ipv6)
        #expect(try Endpoint(parsing: "localhost:1").addressFamily == nil)
    }

    /// etcd's own errors read as they are; others as Go's gRPC prints a status.
    @Test func errorsReadAsEtcdctlPrintsThem() {
        #expect(RPCError(code: .unavailable, message: "etcdserver: no leader").etcdMessage == "etcdserver: no leader")
        #expect(RPCError(code: .unimplemented, message: "kvd: UserAdd is not implemented").etcdMessage
            == "rpc error: code = Unimplemented desc = kvd: UserAdd is not implemented")
        #expect(RPCError(code: .deadlineExceeded, message: "timed out").etcdMessage == "context deadline exceeded")
        #expect(ClientError.unreachable(["a:1: refused", "b:2: no connection within the dial timeout"]).description
            == "no endpoint could be reached: a:1: refused; b:2: no connection within the dial timeout")
    }
}
