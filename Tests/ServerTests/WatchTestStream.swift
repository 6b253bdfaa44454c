import API
import Foundation
import GRPCCore
import MVCC
@testable import Member
import Synchronization
import Testing
@testable import Server

/// Holds back a writer until opened, to play a client that reads slowly.
final class WriterGate: Sendable {
    private let state = Mutex<(open: Bool, waiters: [CheckedContinuation<Void, Never>])>((true, []))

    func close() { state.withLock { $0.open = false } }

    func open() {
        let waiters = state.withLock { state in
            state.open = true
            defer { state.waiters = [] }
            return state.waiters
        }
        for waiter in waiters { waiter.resume() }
    }

    func pass() async {
        await withCheckedContinuation { continuation in
            let passes = state.withLock { state in
                if !state.open { state.waiters.append(continuation) }
                return state.open
            }
            if passes { continuation.resume() }
        }
    }
}

/// Collects what a service writes, for a test to read back with a bounded wait.
final class CollectingWriter<Message: Sendable>: RPCWriterProtocol, Sendable {
    private let messages = Mutex<[Message]>([])
    let gate = WriterGate()

    func write(_ element: Message) async throws {
        await gate.pass()
        messages.withLock { $0.append(element) }
    }

    func write(contentsOf elements: some Sequence<Message>) async throws {
        for element in elements { try await write(element) }
    }

    /// The next message, waiting up to `timeout`.
    func next(within timeout: Duration = .seconds(5), sourceLocation: SourceLocation = #_sourceLocation) async throws -> Message {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if let message = messages.withLock({ $0.isEmpty ? nil : $0.removeFirst() }) { return message }
            try await Task.sleep(for: .milliseconds(2))
        }
        Issue.record("no message within \(timeout)", sourceLocation: sourceLocation)
        throw CancellationError()
    }

    /// Whatever arrives within `period` (for checking that nothing does).
    func drain(for period: Duration) async throws -> [Message] {
        try await Task.sleep(for: period)
        return messages.withLock { messages in
            defer { messages = [] }
            return messages
        }
    }
}

/// One watch stream on a `WatchService`, driven in-process: requests in, responses collected.
final class WatchTestStream {
    let responses = CollectingWriter<Etcdserverpb_WatchResponse>()
    private let requests: AsyncThrowingStream<Etcdserverpb_WatchRequest, any Error>.Continuation
    private let cancellation = ServerContext.RPCCancellationHandle()
    private let task: Task<Void, any Error>

    init(_ service: WatchService) {
        let (stream, requests) = AsyncThrowingStream.makeStream(of: Etcdserverpb_WatchRequest.self)
        self.requests = requests
        let context = ServerContext(
            descriptor: Etcdserverpb_Watch.Method.Watch.descriptor, remotePeer: "test", localPeer: "test",
            cancellation: cancellation)
        task = Task { [responses] in
            try await service.watch(
                request: RPCAsyncSequence(wrapping: stream), response: RPCWriter(wrapping: responses), context: context)
        }
    }

    /// Creates a watcher and returns the create answer.
    @discardableResult
    func create(
        _ key: String, rangeEnd: String = "", start: Int64 = 0, id: Int64 = 0, prevKV: Bool = false,
        filters: [Etcdserverpb_WatchCreateRequest.FilterType] = [], progressNotify: Bool = false
    ) async throws -> Etcdserverpb_WatchResponse {
        var create = Etcdserverpb_WatchCreateRequest()
        create.key = Data(key.utf8)
        create.rangeEnd = Data(rangeEnd.utf8)
        create.startRevision = start
        create.watchID = id
        create.prevKv = prevKV
        create.filters = filters
        create.progressNotify = progressNotify
        var request = Etcdserverpb_WatchRequest()
        request.createRequest = create
        requests.yield(request)
        return try await responses.next()
    }

    func cancel(_ id: Int64) {
        var request = Etcdserverpb_WatchRequest()
        request.cancelRequest.watchID = id
        requests.yield(request)
    }

    func requestProgress() {
        var request = Etcdserverpb_WatchRequest()
        request.progressRequest = Etcdserverpb_WatchProgressRequest()
        requests.yield(request)
    }

    /// Event responses until `count` events arrived, flattened.
    func events(_ count: Int, within timeout: Duration = .seconds(10)) async throws -> [(watchID: Int64, event: Mvccpb_Event)] {
        var events: [(Int64, Mvccpb_Event)] = []
        let deadline = ContinuousClock.now + timeout
        while events.count < count {
            let response = try await responses.next(within: max(deadline - ContinuousClock.now, .zero))
            events += response.events.map { (response.watchID, $0) }
        }
        return events
    }

    /// Ends the stream as a departing client does, and waits for the service to return.
    func close() async {
        requests.finish()
        cancellation.cancel()
        _ = await task.result
    }
}

/// A member with a watch hub, as the server wires them.
struct WatchFixture {
    let member: Member
    let hub: WatchHub
    let service: WatchService

    init(_ member: Member, configuration: WatchConfiguration = WatchConfiguration()) async throws {
        self.member = member
        hub = try WatchHub(store: member.store, configuration: configuration)
        await member.observe(hub)
        service = WatchService(context: ServiceContext(member: member), hub: hub)
    }

    @discardableResult
    func put(_ key: String, _ value: String) async throws -> Int64 {
        try await member.propose(.put(PutRequest(key: Array(key.utf8), value: Array(value.utf8)))).revision
    }

    @discardableResult
    func delete(_ key: String) async throws -> Int64 {
        try await member.propose(.deleteRange(DeleteRangeRequest(key: Array(key.utf8)))).revision
    }

    /// Runs `body` with a fresh stream, always closed afterwards.
    func withStream(_ body: (WatchTestStream) async throws -> Void) async throws {
        let stream = WatchTestStream(service)
        do {
            try await body(stream)
        } catch {
            await stream.close()
            throw error
        }
        await stream.close()
    }
}

extension Mvccpb_Event {
    var keyString: String { String(decoding: kv.key, as: UTF8.self) }
    var valueString: String { String(decoding: kv.value, as: UTF8.self) }
}
