import Testing
@testable import MVCC

@Suite struct TxnTests {
    private static func put(_ key: String, _ value: String = "v") -> RequestOp {
        .put(PutRequest(key: bytes(key), value: bytes(value)))
    }

    private static func delete(_ key: String, _ rangeEnd: [UInt8] = []) -> RequestOp {
        .deleteRange(DeleteRangeRequest(key: bytes(key), rangeEnd: rangeEnd))
    }

    private static func txn(_ success: [RequestOp], _ failure: [RequestOp] = []) -> RequestOp {
        .txn(TxnRequest(success: success, failure: failure))
    }

    @Test(arguments: [
        ("put twice", [put("a"), put("a")], true),
        ("put in each branch of a nested txn", [txn([put("a")], [put("a")])], false),
        ("put and overlapping delete", [put("b"), delete("a", bytes("c"))], true),
        ("delete then put", [delete("a"), put("a")], true),
        ("put and delete to the end", [put("b"), .deleteRange(DeleteRangeRequest(key: bytes("a"), rangeEnd: [0]))], true),
        ("overlapping deletes", [delete("a", bytes("c")), delete("b", bytes("d"))], false),
        ("put and nested put", [put("a"), txn([put("a")])], true),
        ("nested put then nested delete", [txn([put("a")]), txn([delete("a")])], true),
        ("put beside a delete that misses it", [put("c"), delete("a", bytes("c"))], false),
        ("nested put in the failure branch", [put("a"), txn([], [put("a")])], true),
    ])
    func duplicateKeyRule(name: String, ops: [RequestOp], duplicate: Bool) throws {
        let scratch = ScratchDirectory()
        let store = TestStore(try openTestStore(scratch.file("db")))
        // The rule holds for both branches, whichever the compares pick.
        for request in [TxnRequest(success: ops), TxnRequest(failure: ops)] {
            let applied = try store.apply(.txn(request))
            #expect((applied.error == .duplicateKey) == duplicate, "\(name)")
        }
        if duplicate {
            #expect(try store.store.state().revision == 1, "a refused txn changed nothing")
        }
    }

    @Test func opsShareOneRevisionAndSeeEachOther() throws {
        let scratch = ScratchDirectory()
        let store = TestStore(try openTestStore(scratch.file("db")))
        try store.put("c", "old")  // 2
        let request = TxnRequest(
            compare: [
                Compare(key: bytes("missing"), target: .version(0), result: .equal),
                Compare(key: bytes("c"), target: .value(bytes("old")), result: .equal),
            ],
            success: [
                Self.put("a", "1"),
                .range(RangeRequest(key: bytes("a"))),
                Self.delete("c"),
                Self.put("b", "2"),
                .range(RangeRequest(key: bytes("a"), rangeEnd: [0], revision: 2)),
            ])
        let applied = try store.apply(.txn(request))
        guard case .txn(let response) = applied.response else {
            Issue.record("txn failed: \(applied.result)")
            return
        }
        #expect(response.succeeded && response.revision == 3)
        guard case .range(let inside) = response.responses[1], case .range(let before) = response.responses[4] else {
            Issue.record("unexpected responses \(response.responses)")
            return
        }
        #expect(inside.kvs.map(\.value) == [bytes("1")], "a range sees the txn's earlier put")
        #expect(before.kvs.map(\.key) == [bytes("c")], "a range at an older revision does not")
        #expect(applied.events.map(\.kv.modRevision) == [3, 3, 3])
        #expect(applied.events.map(\.type) == [.put, .delete, .put])
        #expect(try store.store.state().revision == 3)
    }

    @Test func comparesOnMissingKeysAndRanges() throws {
        let scratch = ScratchDirectory()
        let store = TestStore(try openTestStore(scratch.file("db")))
        try store.put("a1", "x")
        try store.put("a2", "x")
        func succeeds(_ compare: Compare) throws -> Bool {
            guard case .txn(let response) = try store.apply(.txn(TxnRequest(compare: [compare]))).response else {
                preconditionFailure("a compare-only txn cannot fail")
            }
            return response.succeeded
        }
        #expect(try succeeds(Compare(key: bytes("zz"), target: .version(0), result: .equal)))
        #expect(try succeeds(Compare(key: bytes("zz"), target: .mod(0), result: .equal)))
        #expect(try !succeeds(Compare(key: bytes("zz"), target: .value([]), result: .equal)), "no value to compare")
        #expect(try !succeeds(Compare(key: bytes("zz"), target: .value([]), result: .notEqual)))
        #expect(try succeeds(Compare(key: bytes("a"), rangeEnd: bytes("b"), target: .value(bytes("x")), result: .equal)))
        #expect(try succeeds(Compare(key: bytes("a"), rangeEnd: bytes("b"), target: .mod(3), result: .less)) == false)
        #expect(try succeeds(Compare(key: bytes("a"), rangeEnd: bytes("b"), target: .create(1), result: .greater)))
        #expect(try succeeds(Compare(key: bytes("b"), rangeEnd: bytes("c"), target: .lease(0), result: .equal)))
        #expect(try store.store.state().revision == 3, "read-only txns keep the revision")
    }

    @Test func nestedComparesSeeTheStateBeforeTheTxn() throws {
        let scratch = ScratchDirectory()
        let store = TestStore(try openTestStore(scratch.file("db")))
        let nested = TxnRequest(
            compare: [Compare(key: bytes("a"), target: .version(0), result: .equal)],
            success: [Self.put("b", "a was missing")], failure: [Self.put("b", "a existed")])
        let applied = try store.apply(.txn(TxnRequest(success: [Self.put("a"), .txn(nested)])))
        #expect(applied.error == nil)
        #expect(try store.get("b")?.value == bytes("a was missing"))
    }
}
