import API
import Foundation

/// The etcd v3 requests behind the campaign's operations, and their answers as results.
enum EtcdRequests {
    static func bytes(_ text: String) -> Data { Data(text.utf8) }
    static func text(_ bytes: Data) -> String { String(decoding: bytes, as: UTF8.self) }

    static func range(_ key: String, serializable: Bool) -> Etcdserverpb_RangeRequest {
        var request = Etcdserverpb_RangeRequest()
        request.key = bytes(key)
        request.serializable = serializable
        return request
    }

    static func put(_ key: String, _ value: String) -> Etcdserverpb_PutRequest {
        var request = Etcdserverpb_PutRequest()
        request.key = bytes(key)
        request.value = bytes(value)
        return request
    }

    static func delete(_ key: String) -> Etcdserverpb_DeleteRangeRequest {
        var request = Etcdserverpb_DeleteRangeRequest()
        request.key = bytes(key)
        return request
    }

    /// Puts `new` if the key holds `expected`, or is absent when `expected` is nil (version 0).
    static func compareAndSet(_ key: String, expected: String?, new: String) -> Etcdserverpb_TxnRequest {
        var compare = Etcdserverpb_Compare()
        compare.key = bytes(key)
        compare.result = .equal
        if let expected {
            compare.target = .value
            compare.value = bytes(expected)
        } else {
            compare.target = .version
            compare.version = 0
        }
        var put = Etcdserverpb_RequestOp()
        put.requestPut = Self.put(key, new)
        var request = Etcdserverpb_TxnRequest()
        request.compare = [compare]
        request.success = [put]
        return request
    }

    static func readResult(_ response: Etcdserverpb_RangeResponse) -> ClientOperation.Result {
        guard let kv = response.kvs.first else { return .read(value: nil, modRevision: 0) }
        return .read(value: text(kv.value), modRevision: kv.modRevision)
    }
}
