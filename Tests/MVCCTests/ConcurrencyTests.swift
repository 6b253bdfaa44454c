import Testing
@testable import MVCC

@Suite struct ConcurrencyTests {
    /// Readers run while a writer applies txns that keep two keys equal, and while it
    /// defragments: every read sees whole batches, and revisions never go back.
    @Test func readsSeeWholeBatchesWhileWritesGoOn() async throws {
        let scratch = ScratchDirectory()
        let store = try openTestStore(scratch.file("db"))
        let rounds = 150
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                for round in 1...rounds {
                    let value = bytes("\(round)")
                    let txn = TxnRequest(success: [
                        .put(PutRequest(key: bytes("x"), value: value)), .put(PutRequest(key: bytes("y"), value: value)),
                    ])
                    _ = try store.apply([IndexedRequest(index: UInt64(round), request: .txn(txn))])
                    if round == rounds / 2 { _ = try store.defragment() }
                }
            }
            for _ in 0..<3 {
                group.addTask {
                    var lastRevision: Int64 = 0
                    // Until the last round is seen, so that reads span all the writes.
                    for _ in 0..<100_000 where lastRevision <= Int64(rounds) {
                        let response = try store.range(RangeRequest(key: bytes("x"), rangeEnd: bytes("z")))
                        #expect(response.revision >= lastRevision)
                        lastRevision = response.revision
                        if !response.kvs.isEmpty {
                            #expect(response.kvs.count == 2 && response.kvs[0].value == response.kvs[1].value)
                            #expect(response.kvs[0].modRevision == response.revision)
                        }
                    }
                }
            }
            try await group.waitForAll()
        }
        #expect(try store.state().revision == Int64(rounds) + 1)
        store.close()
    }
}
