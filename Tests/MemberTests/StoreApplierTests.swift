import Foundation
import MVCC
@testable import Member
import Raft
import Synchronization
import Testing

struct StoreApplierTests {
    /// Batches handed over faster than the store commits them are applied in order (merged
    /// into fewer transactions), every waiter gets its own entry's answer, and the last report
    /// names the last batch's point.
    @Test func batchesAreAppliedInOrderAndEveryWaiterAnswered() async throws {
        try await withStore { store in
            let applier = StoreApplier(store: store, metrics: ServerMetrics(), memberID: 1)
            let cluster = ClusterInfo(clusterID: 9, members: [])
            let reports = Mutex<[UInt64]>([])
            let batches = 50
            let revisions = try await withThrowingTaskGroup(of: (UInt64, Int64).self) { group in
                for batchIndex in 0..<batches {
                    // Two entries per batch, the first a put with a waiter, the second a no-op.
                    let index = UInt64(2 * batchIndex + 1)
                    let put = IndexedRequest(index: index, request: .put(PutRequest(key: Array("k\(batchIndex)".utf8), value: [1])))
                    let response = try await withCheckedThrowingContinuation { (ready: CheckedContinuation<CheckedContinuation<Response, any Error>, any Error>) in
                        group.addTask {
                            let answer = try await withCheckedThrowingContinuation { waiter in ready.resume(returning: waiter) }
                            guard case .put(let put) = answer else { return (index, -1) }
                            return (index, put.revision)
                        }
                    }
                    let point = AppliedPoint(index: index + 1, confState: ConfState(voters: [1]), cluster: cluster)
                    applier.submit(StoreApplier.Batch(requests: [put], point: point, waiters: [index: response]), observers: []) { point in
                        reports.withLock { $0.append(point.index) }
                    }
                }
                var revisions: [UInt64: Int64] = [:]
                for try await (index, revision) in group { revisions[index] = revision }
                return revisions
            }
            applier.whenIdle {}
            // Puts at index 1, 3, 5, ... took revisions 2, 3, 4, ...: in the order handed over.
            for batchIndex in 0..<batches {
                #expect(revisions[UInt64(2 * batchIndex + 1)] == Int64(batchIndex + 2))
            }
            let reported = reports.withLock { $0 }
            #expect(reported.last == UInt64(2 * batches))
            #expect(reported == reported.sorted())
            #expect(try store.state().revision == Int64(batches + 1))
        }
    }

    /// A proposal the store already holds (restored from a leader's copy taken past it) gets
    /// no result from the apply; its client is told the outcome is unknown, and the member
    /// goes on.
    @Test func aProposalTheStoreAlreadyHeldTimesOutAtOnce() async throws {
        try await withStore { store in
            _ = try store.apply([IndexedRequest(index: 3, request: .put(PutRequest(key: [1], value: [1])))], appliedThrough: 5)
            let applier = StoreApplier(store: store, metrics: ServerMetrics(), memberID: 1)
            let point = AppliedPoint(index: 4, confState: ConfState(voters: [1]), cluster: ClusterInfo(clusterID: 9, members: []))
            let answer: Result<Response, any Error> = await withCheckedContinuation { done in
                Task {
                    do {
                        let response = try await withCheckedThrowingContinuation { waiter in
                            let put = IndexedRequest(index: 3, request: .put(PutRequest(key: [1], value: [2])))
                            applier.submit(StoreApplier.Batch(requests: [put], point: point, waiters: [3: waiter]),
                                           observers: []) { _ in }
                        }
                        done.resume(returning: .success(response))
                    } catch {
                        done.resume(returning: .failure(error))
                    }
                }
            }
            #expect(throws: MemberError.timeout) { try answer.get() }
            #expect(try store.state().revision == 2)
        }
    }

    /// A store in a temporary directory, closed and removed after `body`.
    private func withStore(_ body: (MVCCStore) async throws -> Void) async throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("kvd-applier-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: root) }
        let store = try MVCCStore(path: root + "/db", options: MVCCStore.Options(mapSizeBytes: 64 << 20))
        defer { store.close() }
        try await body(store)
    }
}
