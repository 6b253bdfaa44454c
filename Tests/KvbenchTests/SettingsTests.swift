import ArgumentParser
import Testing
@testable import kvbench

@Suite struct SettingsTests {
    @Test func defaultsAreValid() throws {
        let settings = try LoadOptions.parse([]).settings()
        #expect(settings.endpoints.map(\.address) == ["127.0.0.1:2379"])
        #expect(settings.clients == 16)
        #expect(settings.total == 10_000)
        #expect(settings.timeLimit == .seconds(60))
        #expect(settings.keyBytes == 8 && settings.valueBytes == 8 && settings.keySpace == 1000)
        #expect(settings.format == .simple)
    }

    @Test func flagsAreRead() throws {
        let settings = try LoadOptions.parse([
            "--endpoints", "127.0.0.1:1,http://127.0.0.1:2", "--clients", "3", "--total", "50", "--max-seconds", "1.5",
            "--key-size", "4", "--val-size", "256", "--key-space-size", "10000", "-w", "json",
        ]).settings()
        #expect(settings.endpoints.map(\.description) == ["127.0.0.1:1", "http://127.0.0.1:2"])
        #expect(settings.clients == 3 && settings.total == 50 && settings.timeLimit == .milliseconds(1500))
        #expect(settings.keyBytes == 4 && settings.valueBytes == 256 && settings.keySpace == 10000)
        #expect(settings.format == .json)
        #expect((0..<4).map { settings.endpoint(forRunner: $0).port } == [1, 2, 1, 2])
    }

    @Test func refusesOutOfRangeValues() throws {
        let defaults = try LoadOptions.parse([])
        func refusal(_ change: (inout LoadOptions) -> Void) -> String? {
            var options = defaults
            change(&options)
            do {
                _ = try options.settings()
                return nil
            } catch {
                return error.description
            }
        }
        #expect(refusal { $0.clients = 0 } == "--clients must be between 1 and 1000, not 0")
        #expect(refusal { $0.clients = 1001 } == "--clients must be between 1 and 1000, not 1001")
        #expect(refusal { $0.total = 0 } == "--total must be between 1 and 100000000, not 0")
        #expect(refusal { $0.maxSeconds = 0 } == "--max-seconds must be above 0 and at most 3600, not 0.0")
        #expect(refusal { $0.keySpaceSize = 0 } == "--key-space-size must be at least 1, not 0")
        #expect(refusal { $0.keySize = 3; $0.keySpaceSize = 1001 }
            == "--key-size 3 is too short for 1001 keys: it needs at least 4 bytes")
        #expect(refusal { $0.keySize = 3; $0.keySpaceSize = 1000 } == nil)
        #expect(refusal { $0.valSize = -1 } == "--val-size must not be negative, not -1")
        #expect(refusal { $0.valSize = 1_572_861 } == "--key-size plus --val-size must be at most 1572864 bytes (etcd's request limit)")
        #expect(refusal { $0.valSize = 1_572_856 } == nil)
        #expect(refusal { $0.writeOut = "yaml" } == "-w must be one of simple, json, not yaml")
        #expect(refusal { $0.endpoints = "127.0.0.1" } == #"--endpoints: invalid endpoint "127.0.0.1": missing port"#)
    }

    @Test func commandsValidateTheirOwnFlags() {
        #expect(failure(MixedCommand.self, ["--read-ratio", "1.5"]) == "--read-ratio must be between 0 and 1, not 1.5")
        #expect(failure(WatchCommand.self, ["--val-size", "7"])
            == "--val-size must be at least 8 for watch: the value carries the send time")
        #expect(failure(WatchCommand.self, ["--watchers", "0"]) == "--watchers must be between 1 and 10000, not 0")
        #expect(failure(PutCommand.self, ["--clients", "0"]) == "--clients must be between 1 and 1000, not 0")
        #expect(failure(GetCommand.self, ["--serializable", "--total", "5"]) == nil)
    }

    /// The message a command's parsing (and validation) fails with; nil if it parses.
    private func failure<Command: ParsableCommand>(_ command: Command.Type, _ arguments: [String]) -> String? {
        do {
            _ = try command.parse(arguments)
            return nil
        } catch {
            return command.message(for: error)
        }
    }
}
