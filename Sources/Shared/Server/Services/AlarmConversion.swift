import API
import GRPCCore
import MVCC

/// Alarms between etcd's protobuf form and the store's.
extension AlarmType {
    /// nil for NONE, which names no alarm ("any" in a query).
    init?(_ type: Etcdserverpb_AlarmType) throws(RPCError) {
        switch type {
        case .none: return nil
        case .nospace: self = .noSpace
        case .corrupt: self = .corrupt
        case .UNRECOGNIZED(let value): throw EtcdError.unknownEnumValue("alarm type", value)
        }
    }

    var protobuf: Etcdserverpb_AlarmType {
        switch self {
        case .noSpace: .nospace
        case .corrupt: .corrupt
        }
    }
}

extension Etcdserverpb_AlarmMember {
    init(_ member: AlarmMember) {
        self.init()
        memberID = member.memberID
        alarm = member.alarm.protobuf
    }
}

extension AlarmMember {
    /// As etcd lists an alarm among the Status errors (protobuf's text form, trailing space included).
    var statusError: String {
        "memberID:\(memberID) alarm:\(alarm.name) "
    }
}
