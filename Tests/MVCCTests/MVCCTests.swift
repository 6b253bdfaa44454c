import Testing
@testable import MVCC
