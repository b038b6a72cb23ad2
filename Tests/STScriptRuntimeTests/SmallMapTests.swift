import XCTest
@testable import STScriptRuntime

/// The variable map behaves the same below and above the size where it builds its index.
final class SmallMapTests: XCTestCase {
    func map(_ count: Int) -> SmallMap<Int> {
        var map = SmallMap<Int>()
        for i in 0..<count { map.set("v\(i)", i) }
        return map
    }

    func testEveryKeyIsFoundPastTheIndexThreshold() {
        var map = map(300)
        for i in 0..<300 { XCTAssertEqual(map.lookup("v\(i)"), i) }
        XCTAssertNil(map.lookup("v300"))
        XCTAssertNil(map.lookup(""))
    }

    func testSettingAnExistingKeyKeepsItsPlace() {
        var map = map(40)
        map.set("v3", 99)
        XCTAssertEqual(map.lookup("v3"), 99)
        XCTAssertEqual(map.keys.count, 40)
        XCTAssertEqual(map.keys[3], "v3")
    }

    func testRemovedKeysAreGoneAndTheRestKeepTheirOrder() {
        var map = map(30)
        XCTAssertTrue(map.remove("v0"))
        XCTAssertTrue(map.remove("v17"))
        XCTAssertFalse(map.remove("v17"))
        XCTAssertNil(map.lookup("v17"))
        XCTAssertEqual(map.lookup("v29"), 29)
        XCTAssertEqual(map.keys.first, "v1")
        for _ in 0..<20 { _ = map.remove(map.keys[0]) }
        XCTAssertEqual(map.keys, ["v22", "v23", "v24", "v25", "v26", "v27", "v28", "v29"])
        XCTAssertEqual(map.lookup("v25"), 25)
    }

    func testCanonicallyEquivalentNamesMatchAsSwiftStringsDoAtAnySize() {
        for size in [0, 40] {
            var map = map(size)
            map.set("K", -1)
            XCTAssertEqual(map.lookup("\u{212A}"), -1, "size \(size)")
            var other = self.map(size)
            other.set("\u{212A}", -2)
            XCTAssertEqual(other.lookup("K"), -2, "size \(size)")
            other.set("café", -3)
            XCTAssertEqual(other.lookup("cafe\u{301}"), -3, "size \(size)")
        }
    }
}
