import ArgumentParser
import Foundation
import Logging

/// swift-log to stderr (journald collects it): one line per event, as text or JSON.
enum LogSetup {
    static func bootstrap(level: String, format: String) throws -> Logger {
        let levels: [String: Logger.Level] = [
            "debug": .debug, "info": .info, "warn": .warning, "error": .error, "panic": .critical, "fatal": .critical,
        ]
        guard let logLevel = levels[level] else {
            throw ValidationError("--log-level must be one of debug, info, warn, error, panic, fatal; not '\(level)'")
        }
        switch format {
        case "text":
            LoggingSystem.bootstrap { label in
                var handler = StreamLogHandler.standardError(label: label)
                handler.logLevel = logLevel
                return handler
            }
        case "json":
            LoggingSystem.bootstrap { _ in JSONLineLogHandler(logLevel: logLevel) }
        default:
            throw ValidationError("--log-format must be text or json, not '\(format)'")
        }
        return Logger(label: "kvd")
    }
}

/// One JSON object per line, with etcd's field names (`level`, `ts`, `msg`).
struct JSONLineLogHandler: LogHandler {
    var logLevel: Logger.Level
    var metadata: Logger.Metadata = [:]

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        var object: [String: String] = [
            "level": event.level.rawValue,
            "ts": ISO8601DateFormatter().string(from: Date()),
            "msg": event.message.description,
        ]
        for (key, value) in metadata.merging(event.metadata ?? [:], uniquingKeysWith: { $1 }) {
            object[key] = value.description
        }
        guard let data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]) else { return }
        FileHandle.standardError.write(data + Data("\n".utf8))
    }
}
