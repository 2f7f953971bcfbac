import Testing
import TOMLDocument

@Suite("Integers, floats and booleans")
struct NumberTests {
    @Test func decimalIntegers() {
        let table = parseValid("""
            int1 = +99
            int2 = 42
            int3 = 0
            int4 = -17
            int5 = 1_000
            int6 = 5_349_221
            int7 = 53_49_221
            int8 = 1_2_3_4_5
            zero1 = +0
            zero2 = -0
            """)
        #expect(table?.value("int1") == .integer(99))
        #expect(table?.value("int2") == .integer(42))
        #expect(table?.value("int3") == .integer(0))
        #expect(table?.value("int4") == .integer(-17))
        #expect(table?.value("int5") == .integer(1000))
        #expect(table?.value("int6") == .integer(5_349_221))
        #expect(table?.value("int7") == .integer(5_349_221))
        #expect(table?.value("int8") == .integer(12345))
        #expect(table?.value("zero1") == .integer(0))
        #expect(table?.value("zero2") == .integer(0))
    }

    @Test func prefixedIntegers() {
        let table = parseValid("""
            hex1 = 0xDEADBEEF
            hex2 = 0xdeadbeef
            hex3 = 0xdead_beef
            oct1 = 0o01234567
            oct2 = 0o755
            bin1 = 0b11010110
            max = 0x7FFFFFFFFFFFFFFF
            """)
        #expect(table?.value("hex1") == .integer(0xDEADBEEF))
        #expect(table?.value("hex2") == .integer(0xDEADBEEF))
        #expect(table?.value("hex3") == .integer(0xDEADBEEF))
        #expect(table?.value("oct1") == .integer(0o01234567))
        #expect(table?.value("oct2") == .integer(0o755))
        #expect(table?.value("bin1") == .integer(0b11010110))
        #expect(table?.value("max") == .integer(.max))
    }

    @Test func integerLimits() {
        let table = parseValid("max = 9_223_372_036_854_775_807\nmin = -9_223_372_036_854_775_808")
        #expect(table?.value("max") == .integer(.max))
        #expect(table?.value("min") == .integer(.min))
        expectError("big = 9223372036854775808", at: 1, 7, containing: "does not fit in 64 bits")
        expectError("small = -9223372036854775809", at: 1, 9, containing: "does not fit in 64 bits")
        expectError("hex = 0x8000000000000000", at: 1, 7, containing: "does not fit in 64 bits")
    }

    @Test func invalidIntegers() {
        expectError("a = 012", at: 1, 5, containing: "leading zeros")
        expectError("a = -012", at: 1, 5, containing: "leading zeros")
        expectError("a = 1__000", at: 1, 5, containing: "underscores must be between digits")
        expectError("a = _1000", at: 1, 5, containing: "underscores must be between digits")
        expectError("a = 1000_", at: 1, 5, containing: "underscores must be between digits")
        expectError("a = +0x1F", at: 1, 5, containing: "sign is only allowed on decimal")
        expectError("a = 0x_1F", at: 1, 5, containing: "underscores")
        expectError("a = 0XFF", at: 1, 5, containing: "invalid number")
        expectError("a = 0o8", at: 1, 5, containing: "unexpected '8'")
        expectError("a = 0b102", at: 1, 5, containing: "unexpected '2'")
        expectError("a = 0x", at: 1, 5, containing: "invalid number")
        expectError("a = 1-2", at: 1, 5, containing: "invalid number")
    }

    @Test func floats() {
        let table = parseValid("""
            flt1 = +1.0
            flt2 = 3.1415
            flt3 = -0.01
            flt4 = 5e+22
            flt5 = 1e06
            flt6 = -2E-2
            flt7 = 6.626e-34
            flt8 = 224_617.445_991_228
            flt9 = 0e0
            sf1 = inf
            sf2 = +inf
            sf3 = -inf
            """)
        #expect(table?.value("flt1") == .float(1.0))
        #expect(table?.value("flt2") == .float(3.1415))
        #expect(table?.value("flt3") == .float(-0.01))
        #expect(table?.value("flt4") == .float(5e22))
        #expect(table?.value("flt5") == .float(1e6))
        #expect(table?.value("flt6") == .float(-2e-2))
        #expect(table?.value("flt7") == .float(6.626e-34))
        #expect(table?.value("flt8") == .float(224_617.445_991_228))
        #expect(table?.value("flt9") == .float(0))
        #expect(table?.value("sf1") == .float(.infinity))
        #expect(table?.value("sf2") == .float(.infinity))
        #expect(table?.value("sf3") == .float(-.infinity))
    }

    @Test func notANumber() {
        let table = parseValid("sf4 = nan\nsf5 = +nan\nsf6 = -nan")
        for key in ["sf4", "sf5", "sf6"] {
            guard case .float(let value)? = table?.value(key) else {
                Issue.record("\(key) is not a float")
                continue
            }
            #expect(value.isNaN)
        }
    }

    @Test func invalidFloats() {
        expectError("invalid_float_1 = .7", at: 1, 19, containing: "invalid number '.7'")
        expectError("invalid_float_2 = 7.", at: 1, 19, containing: "expected digits after '.'")
        expectError("invalid_float_3 = 3.e+20", at: 1, 19, containing: "expected digits after '.'")
        expectError("f = 01.5", at: 1, 5, containing: "leading zeros")
        expectError("f = 1e", at: 1, 5, containing: "exponent")
        expectError("f = 1.5_", at: 1, 5, containing: "underscores")
        expectError("f = 1_.5", at: 1, 5, containing: "underscores")
        expectError("f = 1e400", at: 1, 5, containing: "out of range")
        expectError("f = 1.2.3", at: 1, 5, containing: "invalid number")
        expectError("f = Inf", at: 1, 5, containing: "strings must be quoted")
    }

    @Test func booleans() {
        let table = parseValid("bool1 = true\nbool2 = false")
        #expect(table?.value("bool1") == .boolean(true))
        #expect(table?.value("bool2") == .boolean(false))
        expectError("b = True", at: 1, 5, containing: "booleans are 'true' or 'false'")
        expectError("b = yes", at: 1, 5, containing: "strings must be quoted")
        expectError("b = truer", at: 1, 5, containing: "invalid value 'truer'")
    }
}
