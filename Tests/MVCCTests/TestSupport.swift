import Foundation
@testable import MVCC

/// A fresh directory under the system's temporary one, removed when dropped.
final class ScratchDirectory {
    let path: String

    init() {
        path = FileManager.default.temporaryDirectory
            .appendingPathComponent("mvcc-tests-\(UUID().uuidString)").path
        try! FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    func file(_ name: String) -> String { path + "/" + name }
}

/// Small map, no fsync: the tests reopen stores but never crash the machine.
func openTestStore(_ path: String) throws -> MVCCStore {
    try MVCCStore(path: path, options: MVCCStore.Options(mapSizeBytes: 64 << 20, syncOnCommit: false))
}

func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

extension AppliedRequest {
    var response: Response? { try? result.get() }
    var error: MVCCError? {
        if case .failure(let error) = result { return error }
        return nil
    }
}

/// A store with shorthands, numbering the Raft indexes from its applied index.
struct TestStore {
    let store: MVCCStore

    init(_ store: MVCCStore) { self.store = store }

    /// One batch, at the indexes after the applied one.
    @discardableResult
    func apply(_ requests: [Request]) throws -> [AppliedRequest] {
        let first = try store.state().appliedIndex + 1
        return try store.apply(requests.enumerated().map { IndexedRequest(index: first + UInt64($0.offset), request: $0.element) })
    }

    @discardableResult
    func apply(_ request: Request) throws -> AppliedRequest {
        let applied = try apply([request])
        precondition(applied.count == 1, "a fresh index was not applied")
        return applied[0]
    }

    @discardableResult
    func put(_ key: String, _ value: String, lease: Int64 = 0) throws -> AppliedRequest {
        try apply(.put(PutRequest(key: bytes(key), value: bytes(value), lease: lease)))
    }

    func get(_ key: String, revision: Int64 = 0) throws -> KeyValue? {
        try store.range(RangeRequest(key: bytes(key), revision: revision)).kvs.first
    }
}
