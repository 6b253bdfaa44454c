import API
import Foundation
import MVCC

extension Mvccpb_KeyValue {
    init(_ kv: KeyValue) {
        self.init()
        key = Data(kv.key)
        createRevision = kv.createRevision
        modRevision = kv.modRevision
        version = kv.version
        value = Data(kv.value)
        lease = kv.lease
    }
}

extension KeyValue {
    init(_ kv: Mvccpb_KeyValue) {
        self.init(
            key: Array(kv.key), createRevision: kv.createRevision, modRevision: kv.modRevision,
            version: kv.version, value: Array(kv.value), lease: kv.lease)
    }
}

extension Mvccpb_Event {
    /// As etcd sends it to watchers: `prev_kv` only when the store supplied one.
    init(_ event: Event) {
        self.init()
        switch event.type {
        case .put: type = .put
        case .delete: type = .delete
        }
        kv = Mvccpb_KeyValue(event.kv)
        if let prevKV = event.prevKV { prevKv = Mvccpb_KeyValue(prevKV) }
    }
}
