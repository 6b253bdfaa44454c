import ArgumentParser
import Foundation

/// `watch -i`: each stdin line `watch <key> [range_end] [flags] [-- COMMAND]` adds a watch.
/// A line that is not a watch is reported and skipped; a flag error or an empty command after
/// `--` ends kvctl (status 128), and so does the end of stdin (status 3), as in etcdctl.
enum InteractiveWatchInput {
    /// Reads stdin on a thread of its own (reads block); the stream yields the error kvctl ends with.
    static func start(into session: WatchSession) -> AsyncStream<KvctlError> {
        let (ended, end) = AsyncStream<KvctlError>.makeStream()
        let environment = ProcessInfo.processInfo.environment
        Thread.detachNewThread {
            while let line = readLine() {
                switch parse(line, environment: environment) {
                case let .watch(spec): session.add(spec)
                case let .invalid(reason): StandardStreams.writeError(line: "Invalid command \(line) (\(reason))")
                case let .fatal(error):
                    end.yield(error)
                    end.finish()
                    return
                }
            }
            end.yield(.invalidInput("Error reading watch request line: EOF"))
            end.finish()
        }
        return ended
    }

    enum Line: Equatable {
        case watch(WatchSpec)
        case invalid(String)
        case fatal(KvctlError)
    }

    static func parse(_ line: String, environment: [String: String]) -> Line {
        let words = GoQuoted.arguments(line)
        guard words.count >= 2 else { return .invalid("command type or key is not provided") }
        guard words[0] == "watch" else { return .invalid("only support watch") }
        let arguments = Array(words.dropFirst())
        let watch: Watch
        do {
            watch = try Watch.parse(arguments)
        } catch {
            return .fatal(.badArguments(Watch.message(for: error)))
        }
        guard !watch.interactive else { return .invalid("interactive mode is already on") }
        do {
            return .watch(try watch.spec(separatorGiven: arguments.last == "--", environment: environment))
        } catch where error == WatchSpec.emptyCommand {
            return .fatal(error)
        } catch {
            return .invalid(error.message)
        }
    }
}
