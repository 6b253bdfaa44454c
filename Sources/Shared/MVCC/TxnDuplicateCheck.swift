/// etcd's rule against writing one key twice in a txn: within one branch path, a key may be
/// put once, and not both put and deleted. Deletes may overlap each other, and the two
/// branches of a nested txn may write the same key, since only one of them runs.
///
/// etcd's `checkIntervals` lets one case through that this catches: a put in a nested txn
/// followed by an overlapping delete in a later nested txn of the same level. It also treats
/// a delete's `range_end` of `"\0"` as an empty interval; here it means every key >= key.
enum TxnDuplicateCheck {
    /// The keys a list of ops may write, whichever branches run.
    private struct Footprint {
        var puts: Set<[UInt8]> = []
        var deletes: [KeyRange] = []

        func conflicts(with other: Footprint) -> Bool {
            !puts.isDisjoint(with: other.puts)
                || puts.contains { key in other.deletes.contains { $0.contains(key) } }
                || other.puts.contains { key in deletes.contains { $0.contains(key) } }
        }

        mutating func merge(_ other: Footprint) {
            puts.formUnion(other.puts)
            deletes.append(contentsOf: other.deletes)
        }
    }

    /// Checks both branches of `txn`, as etcd does before proposing it.
    static func check(_ txn: TxnRequest) throws(MVCCError) {
        _ = try footprint(of: txn.success)
        _ = try footprint(of: txn.failure)
    }

    private static func footprint(of ops: [RequestOp]) throws(MVCCError) -> Footprint {
        var level = Footprint()
        for op in ops {
            let own = try footprint(of: op)
            if own.conflicts(with: level) { throw .duplicateKey }
            level.merge(own)
        }
        return level
    }

    private static func footprint(of op: RequestOp) throws(MVCCError) -> Footprint {
        switch op {
        case .range:
            return Footprint()
        case .put(let put):
            return Footprint(puts: [put.key])
        case .deleteRange(let delete):
            return Footprint(deletes: [KeyRange(key: delete.key, rangeEnd: delete.rangeEnd)])
        case .txn(let txn):
            var both = try footprint(of: txn.success)
            both.merge(try footprint(of: txn.failure))
            return both
        }
    }
}
