import Foundation

enum ProcessEnvironment {
    static var current: [String: String] { ProcessInfo.processInfo.environment }
}

func printToStandardError(_ line: String) {
    FileHandle.standardError.write(Data((line + "\n").utf8))
}
