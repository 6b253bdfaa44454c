/// The payload of a normal Raft entry: one `Request`, in a compact binary form that the WAL
/// keeps for as long as the log does, so the layout is versioned and decoding never trusts it.
///
///     byte 0         format version (1)
///     byte 1         tag: 1 put, 2 delete range, 3 txn, 4 compact, 5 lease grant,
///                    6 lease revoke, 8 alarm (7 range: a txn op only)
///     put            flags (1 prev_kv, 2 ignore_value, 4 ignore_lease), key, value, lease
///     delete range   flags (1 prev_kv), key, range end
///     range          flags (1 keys_only, 2 count_only), key, range end, limit, revision,
///                    sort order, sort target, min/max mod revision, min/max create revision
///     txn            compares, success ops, failure ops (each op: tag, then as above)
///     compare        key, range end, result, target (0 version, 1 create, 2 mod, 3 value,
///                    4 lease), then the operand
///     compact        revision;  lease grant: id, ttl;  lease revoke: id
///     alarm          action (0 activate, 1 deactivate), member id (unsigned varint), alarm
///                    type (1 NOSPACE, 2 CORRUPT: etcd's numbers)
///
/// Byte strings are a varint length then the bytes; integers zigzag LEB128 varints (small
/// numbers take one byte); enum cases one byte, their position in declaration order; lists a
/// varint count then the elements. An empty payload is the leader's no-op entry, not a request.
extension Request {
    public static let encodingVersion: UInt8 = 1
    /// How deep txns may nest in an entry. The server must refuse deeper ones before
    /// proposing them; swift-protobuf's default message depth limit already stops a client
    /// short of it.
    public static let maxTxnNestingDepth = 64

    public func encoded() -> [UInt8] {
        var writer = RequestWriter()
        writer.byte(Self.encodingVersion)
        writer.request(self)
        return writer.bytes
    }

    /// Decodes what `encoded()` wrote; throws for anything else (truncated, trailing or
    /// unknown bytes), never traps.
    public init(decoding bytes: [UInt8]) throws(RequestDecodingError) {
        var reader = RequestReader(bytes)
        let version = try reader.byte()
        guard version == Self.encodingVersion else {
            throw reader.error("unknown format version \(version), expected \(Self.encodingVersion)")
        }
        self = try reader.request()
        guard reader.isAtEnd else { throw reader.error("\(bytes.count - reader.offsetBytes) bytes after the request") }
    }
}

/// Why an entry's payload is not a request: where the bytes stopped making sense and why.
public struct RequestDecodingError: Error, Sendable, Equatable, CustomStringConvertible {
    public let offsetBytes: Int
    public let reason: String

    public var description: String { "\(reason) (at byte \(offsetBytes))" }

    public init(offsetBytes: Int, reason: String) {
        self.offsetBytes = offsetBytes
        self.reason = reason
    }
}

private enum Tag: UInt8 {
    case put = 1
    case deleteRange = 2
    case txn = 3
    case compact = 4
    case leaseGrant = 5
    case leaseRevoke = 6
    case range = 7
    case alarm = 8
}

private enum PutFlag: UInt8 {
    case prevKV = 1
    case ignoreValue = 2
    case ignoreLease = 4
}

private enum RangeFlag: UInt8 {
    case keysOnly = 1
    case countOnly = 2
}

private struct RequestWriter {
    var bytes: [UInt8] = []

    mutating func byte(_ value: UInt8) { bytes.append(value) }

    mutating func varint(_ value: UInt64) {
        var rest = value
        while rest >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: rest) | 0x80)
            rest >>= 7
        }
        bytes.append(UInt8(rest))
    }

    mutating func int(_ value: Int64) {
        varint(UInt64(bitPattern: (value << 1) ^ (value >> 63)))
    }

    mutating func count(_ value: Int) { varint(UInt64(value)) }

    mutating func data(_ value: [UInt8]) {
        count(value.count)
        bytes.append(contentsOf: value)
    }

    mutating func request(_ request: Request) {
        switch request {
        case .put(let put): self.put(put)
        case .deleteRange(let delete): deleteRange(delete)
        case .txn(let txn): self.txn(txn, depth: 1)
        case .compact(let revision):
            byte(Tag.compact.rawValue)
            int(revision)
        case .leaseGrant(let id, let ttl):
            byte(Tag.leaseGrant.rawValue)
            int(id)
            int(ttl)
        case .leaseRevoke(let id):
            byte(Tag.leaseRevoke.rawValue)
            int(id)
        case .alarm(let change):
            byte(Tag.alarm.rawValue)
            code(change.action, in: EnumCodes.alarmActions)
            varint(change.member.memberID)
            byte(change.member.alarm.rawValue)
        }
    }

    mutating func op(_ op: RequestOp, depth: Int) {
        switch op {
        case .range(let range): self.range(range)
        case .put(let put): self.put(put)
        case .deleteRange(let delete): deleteRange(delete)
        case .txn(let txn): self.txn(txn, depth: depth + 1)
        }
    }

    mutating func put(_ put: PutRequest) {
        byte(Tag.put.rawValue)
        byte(flags([(put.prevKV, PutFlag.prevKV), (put.ignoreValue, PutFlag.ignoreValue), (put.ignoreLease, PutFlag.ignoreLease)]))
        data(put.key)
        data(put.value)
        int(put.lease)
    }

    mutating func deleteRange(_ delete: DeleteRangeRequest) {
        byte(Tag.deleteRange.rawValue)
        byte(delete.prevKV ? 1 : 0)
        data(delete.key)
        data(delete.rangeEnd)
    }

    mutating func range(_ range: RangeRequest) {
        byte(Tag.range.rawValue)
        byte(flags([(range.keysOnly, RangeFlag.keysOnly), (range.countOnly, RangeFlag.countOnly)]))
        data(range.key)
        data(range.rangeEnd)
        int(range.limit)
        int(range.revision)
        code(range.sortOrder, in: EnumCodes.sortOrders)
        code(range.sortTarget, in: EnumCodes.sortTargets)
        for filter in [range.minModRevision, range.maxModRevision, range.minCreateRevision, range.maxCreateRevision] {
            int(filter)
        }
    }

    mutating func txn(_ txn: TxnRequest, depth: Int) {
        precondition(depth <= Request.maxTxnNestingDepth, "txns nested \(depth) deep; the server must refuse them")
        byte(Tag.txn.rawValue)
        count(txn.compare.count)
        for compare in txn.compare { self.compare(compare) }
        for branch in [txn.success, txn.failure] {
            count(branch.count)
            for op in branch { self.op(op, depth: depth) }
        }
    }

    mutating func compare(_ compare: Compare) {
        data(compare.key)
        data(compare.rangeEnd)
        code(compare.result, in: EnumCodes.results)
        switch compare.target {
        case .version(let version): byte(0); int(version)
        case .create(let revision): byte(1); int(revision)
        case .mod(let revision): byte(2); int(revision)
        case .value(let value): byte(3); data(value)
        case .lease(let lease): byte(4); int(lease)
        }
    }

    private mutating func code<Value: Equatable>(_ value: Value, in values: [Value]) {
        guard let code = values.firstIndex(of: value) else { preconditionFailure("\(value) has no code") }
        byte(UInt8(code))
    }

    private func flags<Flag: RawRepresentable<UInt8>>(_ flags: [(Bool, Flag)]) -> UInt8 {
        flags.reduce(0) { $0 | ($1.0 ? $1.1.rawValue : 0) }
    }
}

/// The enums whose cases are stored as their position in these lists.
private enum EnumCodes {
    static let sortOrders: [RangeRequest.SortOrder] = [.none, .ascend, .descend]
    static let sortTargets: [RangeRequest.SortTarget] = [.key, .version, .create, .mod, .value]
    static let results: [Compare.Result] = [.equal, .greater, .less, .notEqual]
    static let alarmActions: [AlarmChange.Action] = [.activate, .deactivate]
}

/// Reads the fields back, checking every length against the bytes left before using it.
private struct RequestReader {
    private let bytes: [UInt8]
    private(set) var offsetBytes = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    var isAtEnd: Bool { offsetBytes == bytes.count }

    func error(_ reason: String) -> RequestDecodingError {
        RequestDecodingError(offsetBytes: offsetBytes, reason: reason)
    }

    mutating func byte() throws(RequestDecodingError) -> UInt8 {
        guard offsetBytes < bytes.count else { throw error("truncated: expected another byte") }
        defer { offsetBytes += 1 }
        return bytes[offsetBytes]
    }

    mutating func varint() throws(RequestDecodingError) -> UInt64 {
        var value: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            let next = try byte()
            guard shift < 63 || next <= 1 else { throw error("a varint overflows 64 bits") }
            value |= UInt64(next & 0x7F) << shift
            if next < 0x80 { return value }
            shift += 7
        }
    }

    mutating func int() throws(RequestDecodingError) -> Int64 {
        let zigzag = try varint()
        return Int64(bitPattern: zigzag >> 1) ^ -Int64(bitPattern: zigzag & 1)
    }

    /// A count of things each at least `minimumBytes` long, so it can be checked against the
    /// bytes left before anything is allocated or looped over.
    mutating func count(minimumBytes: Int = 1) throws(RequestDecodingError) -> Int {
        let value = try varint()
        let remaining = bytes.count - offsetBytes
        guard value <= UInt64(remaining / minimumBytes) else {
            throw error("truncated: a count of \(value) with \(remaining) bytes left")
        }
        return Int(value)
    }

    mutating func data() throws(RequestDecodingError) -> [UInt8] {
        let length = try count()
        defer { offsetBytes += length }
        return Array(bytes[offsetBytes..<(offsetBytes + length)])
    }

    mutating func flags<Flag: RawRepresentable<UInt8>>(_ known: [Flag]) throws(RequestDecodingError) -> (Flag) -> Bool {
        let value = try byte()
        let knownMask = known.reduce(0) { $0 | $1.rawValue }
        guard value & ~knownMask == 0 else { throw error("unknown flag bits in \(value)") }
        return { value & $0.rawValue != 0 }
    }

    mutating func code<Value>(_ values: [Value], _ what: String) throws(RequestDecodingError) -> Value {
        let code = try byte()
        guard code < values.count else { throw error("unknown \(what) \(code)") }
        return values[Int(code)]
    }

    mutating func tag() throws(RequestDecodingError) -> Tag {
        let raw = try byte()
        guard let tag = Tag(rawValue: raw) else { throw error("unknown request tag \(raw)") }
        return tag
    }

    mutating func request() throws(RequestDecodingError) -> Request {
        switch try tag() {
        case .put: return .put(try put())
        case .deleteRange: return .deleteRange(try deleteRange())
        case .txn: return .txn(try txn(depth: 1))
        case .compact: return .compact(revision: try int())
        case .leaseGrant: return .leaseGrant(id: try int(), ttl: try int())
        case .leaseRevoke: return .leaseRevoke(id: try int())
        case .alarm: return .alarm(try alarm())
        case .range: throw error("a range is not a request on its own")
        }
    }

    mutating func op(depth: Int) throws(RequestDecodingError) -> RequestOp {
        switch try tag() {
        case .range: return .range(try range())
        case .put: return .put(try put())
        case .deleteRange: return .deleteRange(try deleteRange())
        case .txn: return .txn(try txn(depth: depth + 1))
        case let tag: throw error("request tag \(tag.rawValue) cannot be a txn op")
        }
    }

    mutating func alarm() throws(RequestDecodingError) -> AlarmChange {
        let action = try code(EnumCodes.alarmActions, "alarm action")
        let memberID = try varint()
        let type = try byte()
        guard let alarm = AlarmType(rawValue: type) else { throw error("unknown alarm type \(type)") }
        return AlarmChange(action: action, member: AlarmMember(memberID: memberID, alarm: alarm))
    }

    mutating func put() throws(RequestDecodingError) -> PutRequest {
        let isSet = try flags([PutFlag.prevKV, .ignoreValue, .ignoreLease])
        return PutRequest(key: try data(), value: try data(), lease: try int(), prevKV: isSet(.prevKV),
                          ignoreValue: isSet(.ignoreValue), ignoreLease: isSet(.ignoreLease))
    }

    mutating func deleteRange() throws(RequestDecodingError) -> DeleteRangeRequest {
        let prevKV = try byte()
        guard prevKV <= 1 else { throw error("unknown flag bits in \(prevKV)") }
        return DeleteRangeRequest(key: try data(), rangeEnd: try data(), prevKV: prevKV == 1)
    }

    mutating func range() throws(RequestDecodingError) -> RangeRequest {
        let isSet = try flags([RangeFlag.keysOnly, .countOnly])
        return RangeRequest(
            key: try data(), rangeEnd: try data(), limit: try int(), revision: try int(),
            sortOrder: try code(EnumCodes.sortOrders, "sort order"),
            sortTarget: try code(EnumCodes.sortTargets, "sort target"),
            keysOnly: isSet(.keysOnly), countOnly: isSet(.countOnly),
            minModRevision: try int(), maxModRevision: try int(),
            minCreateRevision: try int(), maxCreateRevision: try int())
    }

    mutating func txn(depth: Int) throws(RequestDecodingError) -> TxnRequest {
        guard depth <= Request.maxTxnNestingDepth else {
            throw error("txns nested deeper than \(Request.maxTxnNestingDepth)")
        }
        var compares: [Compare] = []
        for _ in 0..<(try count(minimumBytes: 4)) { compares.append(try compare()) }
        var branches: [[RequestOp]] = []
        for _ in 0..<2 {
            var ops: [RequestOp] = []
            for _ in 0..<(try count(minimumBytes: 4)) { ops.append(try op(depth: depth)) }
            branches.append(ops)
        }
        return TxnRequest(compare: compares, success: branches[0], failure: branches[1])
    }

    mutating func compare() throws(RequestDecodingError) -> Compare {
        let key = try data()
        let rangeEnd = try data()
        let result = try code(EnumCodes.results, "compare result")
        let targetCode = try byte()
        let target: Compare.Target
        switch targetCode {
        case 0: target = .version(try int())
        case 1: target = .create(try int())
        case 2: target = .mod(try int())
        case 3: target = .value(try data())
        case 4: target = .lease(try int())
        default: throw error("unknown compare target \(targetCode)")
        }
        return Compare(key: key, rangeEnd: rangeEnd, target: target, result: result)
    }
}
