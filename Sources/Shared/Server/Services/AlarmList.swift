import API
import Synchronization

/// etcd's alarm store, kept by the member that serves the Maintenance API. kvd raises no alarm
/// of its own yet and does not restrict writes while one is active (etcd refuses puts under
/// NOSPACE); alarms set by clients are reported until cleared, and are not replicated.
final class AlarmList: Sendable {
    private let alarms = Mutex<[Etcdserverpb_AlarmMember]>([])

    /// etcd's answer to `request`: GET lists the alarms of a type (NONE: all), ACTIVATE and
    /// DEACTIVATE return the alarm they set or cleared (nothing when it was not set).
    func apply(_ request: Etcdserverpb_AlarmRequest) -> [Etcdserverpb_AlarmMember] {
        alarms.withLock { alarms in
            var member = Etcdserverpb_AlarmMember()
            member.memberID = request.memberID
            member.alarm = request.alarm
            switch request.action {
            case .get:
                return request.alarm == .none ? alarms : alarms.filter { $0.alarm == request.alarm }
            case .activate:
                if !alarms.contains(member) { alarms.append(member) }
                return [member]
            case .deactivate:
                guard let index = alarms.firstIndex(of: member) else { return [] }
                return [alarms.remove(at: index)]
            case .UNRECOGNIZED:
                return []
            }
        }
    }

    var all: [Etcdserverpb_AlarmMember] { alarms.withLock { $0 } }
}
