import Foundation
import Testing
@testable import kvbench

@Suite struct KeysTests {
    @Test func keysArePaddedDecimalNumbers() throws {
        #expect(Keys.key(42, bytes: 5) == Data("00042".utf8))
        #expect(Keys.key(0, bytes: 1) == Data("0".utf8))
        #expect(Keys.digits(keySpace: 1) == 1)
        #expect(Keys.digits(keySpace: 1000) == 3)
        #expect(Keys.digits(keySpace: 1001) == 4)
        let settings = try LoadOptions.parse(["--key-size", "4", "--key-space-size", "100"]).settings()
        #expect(Keys.key(forRequest: 1234, settings: settings) == Data("0034".utf8))
        #expect(Keys.value(bytes: 3) == Data("vvv".utf8))
        #expect(Keys.value(bytes: 0).isEmpty)
    }

    @Test(arguments: [0.0, 0.1, 0.5, 0.9, 0.95, 1.0])
    func readsAreSpreadEvenly(ratio: Double) {
        let reads = (0..<1000).map { Mix.isRead($0, readRatio: ratio) }
        #expect(reads.filter { $0 }.count == Int((1000 * ratio).rounded()))
        // Any 100 requests in a row hold the ratio, up to one request either way.
        for start in stride(from: 0, to: 900, by: 37) {
            let window = reads[start..<(start + 100)].filter { $0 }.count
            #expect(abs(Double(window) - 100 * ratio) <= 1)
        }
    }

    @Test func watchValuesCarryTheirSendTime() {
        let value = WatchStamp.value(nanoseconds: 0x0102_0304_0506_0708, bytes: 12)
        #expect(value.count == 12)
        #expect(Array(value.prefix(8)) == [8, 7, 6, 5, 4, 3, 2, 1])
        #expect(WatchStamp.nanoseconds(in: value) == 0x0102_0304_0506_0708)
        #expect(WatchStamp.nanoseconds(in: WatchStamp.value(nanoseconds: .max, bytes: 8)) == .max)
        #expect(WatchStamp.nanoseconds(in: Data("short".utf8)) == nil)
        #expect(WatchStamp.nanoseconds(.milliseconds(1500)) == 1_500_000_000)
    }
}
