import SSOHealingCore
import Testing

/// Each class of bad input, with the exact location and message a user sees.
@Suite struct TOMLParserErrorTests {
    // MARK: Limits and unsupported features

    @Test func fileLargerThanTheLimit() {
        let big = String(repeating: "#", count: (1 << 20) + 1)
        #expect(parseOutcome(big) == "1:1: file is larger than 1 MiB")
        #expect(parseOutcome(String(repeating: "#", count: 1 << 20)) == "no error")
    }

    @Test func nestingDeeperThanTheLimit() {
        #expect(parseOutcome("a = " + String(repeating: "[", count: 65)) == "1:69: nesting is deeper than 64 levels")
        #expect(
            parseOutcome("\n  a = " + String(repeating: "{b = ", count: 65))
                == "2:327: nesting is deeper than 64 levels")
        let header = "[" + Array(repeating: "k", count: 65).joined(separator: ".") + "]"
        #expect(parseOutcome(header) == "1:130: nesting is deeper than 64 levels")
    }

    @Test func arraysOfTablesAreNotSupported() {
        #expect(parseOutcome("x = 1\n[[servers]]\nname = 'a'") == "2:1: arrays of tables are not supported")
        #expect(parseOutcome("[[a]]") == "1:1: arrays of tables are not supported")
    }

    @Test func datesAndTimesAreNotSupported() {
        #expect(parseOutcome("a = 1979-05-27") == "1:5: dates and times are not supported")
        #expect(parseOutcome("a = 1979-05-27T07:32:00Z") == "1:5: dates and times are not supported")
        #expect(parseOutcome("a = 1979-05-27 07:32:00") == "1:5: dates and times are not supported")
        #expect(parseOutcome("a = 07:32:00.5") == "1:5: dates and times are not supported")
        #expect(parseOutcome("a = [1, 2000-01-01]") == "1:9: dates and times are not supported")
        #expect(parseOutcome("a = {t = 00:00:00}") == "1:10: dates and times are not supported")
    }

    // MARK: Keys and statements

    @Test func missingKey() {
        #expect(parseOutcome("= 1") == "1:1: expected a key")
        #expect(parseOutcome("a. = 1") == "1:4: expected a key")
        #expect(parseOutcome(".a = 1") == "1:1: expected a key")
        #expect(parseOutcome("[]") == "1:2: expected a key")
        #expect(parseOutcome("é = 1") == "1:1: expected a key")
        #expect(parseOutcome("a = {,}") == "1:6: expected a key")
    }

    @Test func missingEquals() {
        #expect(parseOutcome("a 1") == "1:3: expected \"=\" after key")
        #expect(parseOutcome("x = 1\nname\n") == "2:5: expected \"=\" after key")
        #expect(parseOutcome("aé = 1") == "1:2: expected \"=\" after key")
        #expect(parseOutcome("\"a\" b = 1") == "1:5: expected \"=\" after key")
        #expect(parseOutcome("a = {b}") == "1:7: expected \"=\" after key")
    }

    @Test func multilineStringKeys() {
        #expect(parseOutcome("\"\"\"a\"\"\" = 1") == "1:1: a key cannot be a multi-line string")
        #expect(parseOutcome("[t]\n'''a''' = 1") == "2:1: a key cannot be a multi-line string")
    }

    @Test func missingValue() {
        #expect(parseOutcome("a =") == "1:4: expected a value")
        #expect(parseOutcome("a = \nb = 1") == "1:5: expected a value")
        #expect(parseOutcome("a = ]") == "1:5: expected a value")
        #expect(parseOutcome("a = [1,,2]") == "1:8: expected a value")
        #expect(parseOutcome("a = [,]") == "1:6: expected a value")
        #expect(parseOutcome("a = {b = }") == "1:10: expected a value")
    }

    @Test func textAfterAStatement() {
        #expect(parseOutcome("a = 1 2") == "1:7: unexpected \"2\" after value")
        #expect(parseOutcome("a = \"x\" \"y\"") == "1:9: unexpected '\"' after value")
        #expect(parseOutcome("a = [1]]") == "1:8: unexpected \"]\" after value")
        #expect(parseOutcome("a = \"\"\"x\"\"\"\"\"\"") == "1:14: unexpected '\"' after value")
        #expect(parseOutcome("[a] b = 1") == "1:5: unexpected \"b\" after table header")
        #expect(parseOutcome("a = 1 = 2") == "1:7: unexpected \"=\" after value")
    }

    @Test func malformedTableHeaders() {
        #expect(parseOutcome("[a") == "1:1: unterminated table header")
        #expect(parseOutcome("x = 1\n [a.b # comment\n") == "2:2: unterminated table header")
        #expect(parseOutcome("[a b]") == "1:4: unexpected \"b\" in table header")
        #expect(parseOutcome("[a.]") == "1:4: expected a key")
    }

    // MARK: Strings

    @Test func unterminatedStrings() {
        #expect(parseOutcome("a = \"abc") == "1:5: unterminated string")
        #expect(parseOutcome("a = \"abc\nb = 1") == "1:5: unterminated string")
        #expect(parseOutcome("a = \"abc\r\nb = 1") == "1:5: unterminated string")
        #expect(parseOutcome("a = 'abc\n'") == "1:5: unterminated string")
        #expect(parseOutcome("x = 1\na = \"\"\"abc\n\nd\"\"") == "2:5: unterminated string")
        #expect(parseOutcome("a = '''abc''") == "1:5: unterminated string")
        #expect(parseOutcome("\"abc = 1") == "1:1: unterminated string")
        #expect(parseOutcome("a = \"abc\\") == "1:5: unterminated string")
    }

    @Test func invalidEscapes() {
        #expect(parseOutcome(#"a = "x\qy""#) == #"1:7: invalid escape sequence "\q""#)
        #expect(parseOutcome(#"a = "\e""#) == #"1:6: invalid escape sequence "\e""#)
        #expect(parseOutcome(#"a = "\x41""#) == #"1:6: invalid escape sequence "\x""#)
        #expect(parseOutcome(#"a = "\u12""#) == #"1:6: invalid escape sequence "\u12""#)
        #expect(parseOutcome(#"a = "\U0001F60""#) == #"1:6: invalid escape sequence "\U0001F60""#)
        #expect(parseOutcome(#"a = "\ ""#) == #"1:6: invalid escape sequence "\ ""#)
        #expect(parseOutcome("a = \"\"\"\\ x\"\"\"") == #"1:8: invalid escape sequence "\ ""#)
        #expect(parseOutcome(#"a = "é\é""#) == #"1:7: invalid escape sequence "\é""#)
        #expect(parseOutcome(#""k\q" = 1"#) == #"1:3: invalid escape sequence "\q""#)
    }

    @Test func escapesOfInvalidScalars() {
        #expect(parseOutcome(#"a = "\uD800""#) == #"1:6: invalid unicode escape "\uD800""#)
        #expect(parseOutcome(#"a = "\uDFFF""#) == #"1:6: invalid unicode escape "\uDFFF""#)
        #expect(parseOutcome(#"a = "\U00110000""#) == #"1:6: invalid unicode escape "\U00110000""#)
        #expect(parseOutcome(#"a = "\UFFFFFFFF""#) == #"1:6: invalid unicode escape "\UFFFFFFFF""#)
    }

    @Test func controlCharacters() {
        #expect(parseOutcome("a = \"x\u{1}\"") == "1:7: invalid control character U+0001 in string")
        #expect(parseOutcome("a = 'x\u{7F}'") == "1:7: invalid control character U+007F in string")
        #expect(parseOutcome("a = \"\"\"\n\u{0}\"\"\"") == "2:1: invalid control character U+0000 in string")
        #expect(parseOutcome("a = '''\u{1B}'''") == "1:8: invalid control character U+001B in string")
        #expect(parseOutcome("a = 1 # bell\u{7}") == "1:13: invalid control character U+0007 in comment")
        #expect(parseOutcome("# \u{7F}") == "1:3: invalid control character U+007F in comment")
        #expect(parseOutcome("a = \u{0}") == "1:5: expected a value")
    }

    @Test func loneCarriageReturns() {
        #expect(parseOutcome("a = 1\rb = 2") == "1:6: lone carriage return")
        #expect(parseOutcome("a = 1 # comment\r") == "1:16: lone carriage return")
        #expect(parseOutcome("a = \"x\ry\"") == "1:7: lone carriage return")
        #expect(parseOutcome("a = \"\"\"x\ry\"\"\"") == "1:9: lone carriage return")
        #expect(parseOutcome("a = [1,\r2]") == "1:8: lone carriage return")
        #expect(parseOutcome("\r") == "1:1: lone carriage return")
        #expect(parseOutcome("a\r= 1") == "1:2: lone carriage return")
    }

    // MARK: Numbers and other unquoted values

    @Test func invalidNumbers() {
        for text in [
            "1__2", "1_", "1.", "1.e5", "1e", "1e+", "0x", "+0x1", "-0o7", "0X1", "0b102", "1.2.3", "0x_1", "1_.5",
            "1._5", "1e_5", "-", "+", ".5", "1-2", "0xg",
        ] {
            #expect(parseOutcome("a = \(text)") == "1:5: invalid number \"\(text)\"", "\(text)")
        }
        #expect(parseOutcome("a = [1, 2__0]") == "1:9: invalid number \"2__0\"")
    }

    @Test func leadingZeros() {
        for text in ["01", "-01", "+00", "00.5", "0_1", "007e1"] {
            #expect(parseOutcome("a = \(text)") == "1:5: leading zeros are not allowed", "\(text)")
        }
    }

    @Test func integersOutOfRange() {
        for text in [
            "9223372036854775808", "-9223372036854775809", "0x8000000000000000", "0o1000000000000000000000",
            "0b" + String(repeating: "1", count: 64), "99999999999999999999999",
        ] {
            #expect(parseOutcome("a = \(text)") == "1:5: integer out of range", "\(text)")
        }
    }

    @Test func invalidUnquotedValues() {
        #expect(parseOutcome("a = hello") == "1:5: invalid value \"hello\"")
        #expect(parseOutcome("a = True") == "1:5: invalid value \"True\"")
        #expect(parseOutcome("a = NaN") == "1:5: invalid value \"NaN\"")
        #expect(parseOutcome("a = infinity") == "1:5: invalid value \"infinity\"")
        #expect(parseOutcome("a = true1") == "1:5: invalid value \"true1\"")
        #expect(parseOutcome("a = _1") == "1:5: invalid value \"_1\"")
        let long = String(repeating: "x", count: 100)
        #expect(parseOutcome("a = \(long)") == "1:5: invalid value \"\(String(repeating: "x", count: 40))…\"")
    }

    // MARK: Arrays and inline tables

    @Test func malformedArrays() {
        #expect(parseOutcome("a = [1 2]") == "1:8: expected \",\" or \"]\" in array")
        #expect(parseOutcome("a = [1,\n2") == "1:5: unterminated array")
        #expect(parseOutcome("a = [") == "1:5: unterminated array")
        #expect(parseOutcome("a = [[1], [2 # c") == "1:11: unterminated array")
        #expect(parseOutcome("a = [1}") == "1:7: expected \",\" or \"]\" in array")
    }

    @Test func malformedInlineTables() {
        #expect(parseOutcome("a = {b = 1,}") == "1:11: trailing comma is not allowed in inline table")
        #expect(parseOutcome("a = {b = 1,\nc = 2}") == "1:5: unterminated inline table")
        #expect(parseOutcome("a = {\n}") == "1:5: unterminated inline table")
        #expect(parseOutcome("a = {b = 1 # c\n}") == "1:5: unterminated inline table")
        #expect(parseOutcome("a = {") == "1:5: unterminated inline table")
        #expect(parseOutcome("a = {b = 1 c = 2}") == "1:12: expected \",\" or \"}\" in inline table")
        #expect(parseOutcome("a = {b = 1]") == "1:11: expected \",\" or \"}\" in inline table")
    }

    // MARK: TOML's rules on keys and tables

    @Test func duplicateKeys() {
        #expect(parseOutcome("a = 1\na = 2") == "2:1: duplicate key \"a\"")
        #expect(parseOutcome("[t]\nname = 1\n  name = 2") == "3:3: duplicate key \"t.name\"")
        #expect(parseOutcome("\"a\" = 1\n'a' = 2") == "2:1: duplicate key \"a\"")
        #expect(parseOutcome("a.b = 1\na . b = 2") == "2:1: duplicate key \"a.b\"")
        #expect(parseOutcome("a.b = 1\na = 2") == "2:1: duplicate key \"a\"")
        #expect(parseOutcome("[a.b]\n[a]\nb = 1") == "3:1: duplicate key \"a.b\"")
        #expect(parseOutcome("a = {b = 1, b = 2}") == "1:13: duplicate key \"b\"")
        #expect(parseOutcome("a = {b.c = 1, b = 2}") == "1:15: duplicate key \"b\"")
        #expect(parseOutcome("[\"x.y\"]\nz = 1\nz = 2") == "3:1: duplicate key \"'x.y'.z\"")
        // The first error stops parsing.
        #expect(parseOutcome("a = 1\na = 2\nb = ?") == "2:1: duplicate key \"a\"")
    }

    @Test func tablesDefinedTwice() {
        #expect(parseOutcome("[a]\n[a]") == "2:2: table \"a\" is defined twice")
        #expect(parseOutcome("[probe.prod]\nx = 1\n[ probe . prod ]") == "3:3: table \"probe.prod\" is defined twice")
        #expect(parseOutcome("a.b = 1\n[a]") == "2:2: table \"a\" is defined twice")
        #expect(parseOutcome("[t]\na.b.c = 1\n[t.a.b]") == "3:2: table \"t.a.b\" is defined twice")
        #expect(parseOutcome("a = {}\n[a]") == "2:2: table \"a\" is defined twice")
        #expect(parseOutcome("[a.b]\n[a]\n[a.b]") == "3:2: table \"a.b\" is defined twice")
    }

    @Test func inlineTablesAreImmutable() {
        #expect(parseOutcome("x = {a = 1}\nx.b = 2") == "2:1: cannot add to inline table \"x\"")
        #expect(parseOutcome("x = {}\n[x.y]") == "2:2: cannot add to inline table \"x\"")
        #expect(parseOutcome("[t]\nx = {a = {}}\nx.a.b = 1") == "3:1: cannot add to inline table \"t.x\"")
        #expect(parseOutcome("a = {b = {c = 1}, b.d = 2}") == "1:19: cannot add to inline table \"b\"")
    }

    @Test func keysThatAreValuesAndTables() {
        #expect(parseOutcome("a = 1\na.b = 2") == "2:1: key \"a\" is already defined as an integer")
        #expect(parseOutcome("a = [1]\n[a]") == "2:2: key \"a\" is already defined as an array")
        #expect(parseOutcome("a = 's'\n[a.b]") == "2:2: key \"a\" is already defined as a string")
        #expect(parseOutcome("[t]\nb = true\n[t.b.c]") == "3:2: key \"t.b\" is already defined as a boolean")
        #expect(parseOutcome("a = {b = 1.5, b.c = 1}") == "1:15: key \"b\" is already defined as a float")
        #expect(parseOutcome("a = [{}]\na.b = 1") == "2:1: key \"a\" is already defined as an array")
    }

    @Test func dottedKeysCannotExtendHeaderTables() {
        #expect(parseOutcome("[a.b]\n[a]\nb.c = 1") == "3:1: cannot extend table \"a.b\" with dotted keys")
        // Also a table a header created implicitly, which TOML 1.0 leaves ambiguous.
        #expect(parseOutcome("[a.b.c]\n[a]\nb.d = 1") == "3:1: cannot extend table \"a.b\" with dotted keys")
    }
}

extension TOMLParserErrorTests {
    @Test func keysThatDifferOnlyInUnicodeNormalization() {
        // TOML compares keys by code points, Swift strings by canonical equivalence: refuse rather
        // than merge two keys TOML keeps apart.
        let message = "differs from an existing key only in Unicode normalization"
        #expect(parseOutcome("\"\u{E9}\" = 1\n\"e\u{301}\" = 2") == "2:1: key \"'e\u{301}'\" \(message)")
        #expect(parseOutcome("\"\u{E9}\".x = 1\n\"e\u{301}\".y = 2") == "2:1: key \"'e\u{301}'\" \(message)")
        #expect(parseOutcome("[\"\u{E9}\"]\n[\"e\u{301}\"]") == "2:2: key \"'e\u{301}'\" \(message)")
        #expect(parseOutcome("a = {\"\u{E9}\" = 1, \"e\u{301}\" = 2}") == "1:15: key \"'e\u{301}'\" \(message)")
        #expect(parseOutcome("\"\u{E9}\" = 1\n\"\u{E9}\" = 2") == "2:1: duplicate key \"'\u{E9}'\"")
    }
}
