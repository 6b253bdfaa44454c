import Testing
@testable import WAL
