import Testing
@testable import Failpoints

struct FailpointSpecTests {
    @Test func termsInGofailsShape() throws {
        #expect(try FailpointTerm(parsing: "panic") == FailpointTerm(action: .panic))
        #expect(try FailpointTerm(parsing: "sleep(200)") == FailpointTerm(action: .sleep(milliseconds: 200)))
        #expect(try FailpointTerm(parsing: "sleep(2s)") == FailpointTerm(action: .sleep(milliseconds: 2_000)))
        #expect(try FailpointTerm(parsing: "sleep(50ms)") == FailpointTerm(action: .sleep(milliseconds: 50)))
        #expect(try FailpointTerm(parsing: "1*panic") == FailpointTerm(action: .panic, count: 1))
        #expect(try FailpointTerm(parsing: "25%3*print")
                == FailpointTerm(action: .print, probabilityPercent: 25, count: 3))
        #expect(try FailpointTerm(parsing: "off") == FailpointTerm(action: .off))
    }

    @Test func badTermsAreRefusedWithTheReason() {
        for bad in ["explode", "sleep(x)", "sleep(-1)", "0*panic", "150%panic", "sleep(200", "x%panic", ""] {
            #expect(throws: FailpointSpecError.self, "\(bad)") { try FailpointTerm(parsing: bad) }
        }
    }

    @Test func aSpecArmsEachNamedPoint() throws {
        let terms = try FailpointTable.parse("walAfterSync=panic; applyBeforeCommit=sleep(200);")
        #expect(terms == [.walAfterSync: FailpointTerm(action: .panic),
                          .applyBeforeCommit: FailpointTerm(action: .sleep(milliseconds: 200))])
        #expect(try FailpointTable.parse("").isEmpty)
    }

    @Test func anUnknownPointOrAMalformedPartIsRefused() {
        #expect(throws: FailpointSpecError.unknownFailpoint("walAfterSinc")) { try FailpointTable.parse("walAfterSinc=panic") }
        #expect(throws: FailpointSpecError.malformed("walAfterSync")) { try FailpointTable.parse("walAfterSync") }
        let message = FailpointSpecError.unknownFailpoint("x").description
        #expect(message.contains("walBeforeSync") && message.contains("defragmentMid"), "\(message)")
    }

    @Test func aCountedPointGoesOffAfterItsCount() {
        let table = FailpointTable(environmentValue: "applyAfterCommit=2*print")
        #expect((0..<5).map { _ in table.hit(.applyAfterCommit) } == [true, true, false, false, false])
        #expect(!table.hit(.walAfterSync), "a point not named acted")
    }

    @Test func aProbabilityActsOnSomeHits() {
        let table = FailpointTable(environmentValue: "walBeforeSync=50%print")
        let acted = (0..<400).filter { _ in table.hit(.walBeforeSync) }.count
        // Binomial(400, 0.5): outside 120...280 has a probability far below 1e-15.
        #expect((120...280).contains(acted), "\(acted) of 400")
        let never = FailpointTable(environmentValue: "walBeforeSync=0%print")
        #expect(!(0..<50).contains { _ in never.hit(.walBeforeSync) })
    }

    @Test func anUnparsableValueArmsNothing() {
        let table = FailpointTable(environmentValue: "walAfterSync=panic;bogus=panic")
        #expect(table.terms.isEmpty)
    }
}
