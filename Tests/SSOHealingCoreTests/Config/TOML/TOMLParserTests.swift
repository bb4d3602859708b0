import SSOHealingCore
import Testing

/// What the parser accepts, feature by feature.
@Suite struct TOMLParserTests {
    // MARK: Document structure

    @Test func emptyDocumentsAreEmptyTables() throws {
        #expect(try TOMLParser.parse("").entries.isEmpty)
        #expect(try TOMLParser.parse("\n\n  \t\n# only a comment\n").entries.isEmpty)
        #expect(try TOMLParser.parse("# no final newline").entries.isEmpty)
    }

    @Test func commentsMayFollowEveryStatement() throws {
        let table = try TOMLParser.parse(
            """
            # leading comment
            a = 1 # after a value
            [t] # after a header
            b = "# not a comment" #comment with "quotes" and ünïcödé\tand a tab
            """)
        #expect(table["a"]?.value == .integer(1))
        #expect(try value(in: "[t]\nb = \"# no\" # yes", "t", "b") == .string("# no"))
        #expect(table.keys == ["a", "t"])
    }

    @Test func crlfLineEndingsAndByteOrderMark() throws {
        #expect(try value(in: "a = 1\r\nb = 2\r\n", "b") == .integer(2))
        #expect(try value(in: "\u{FEFF}a = 1", "a") == .integer(1))
        #expect(parseOutcome("\u{FEFF}a = ?") == "1:5: expected a value")
    }

    // MARK: Keys

    @Test func bareAndQuotedKeys() throws {
        let table = try TOMLParser.parse(
            """
            bare_key-1 = 1
            1234 = 2
            "quoted key" = 3
            'literal "key"' = 4
            "" = 5
            "\\u00e9t\\u00e9" = 6
            true = 7
            """)
        #expect(table.keys == ["bare_key-1", "1234", "quoted key", "literal \"key\"", "", "été", "true"])
        #expect(table[""]?.value == .integer(5))
    }

    @Test func dottedKeysCreateTables() throws {
        let text = """
            site . "google.com" . rank = 1
            site.'google.com'.name = "g"
            3.14 = "pi"
            """
        #expect(try value(in: text, "site", "google.com", "rank") == .integer(1))
        #expect(try value(in: text, "site", "google.com", "name") == .string("g"))
        #expect(try value(in: text, "3", "14") == .string("pi"))
    }

    @Test func keyLocationsAreRecorded() throws {
        let table = try TOMLParser.parse("[server]\n  name = \"x\"\n  a.b = 1\n")
        guard case .table(let server)? = table["server"]?.value else {
            Issue.record("no server table")
            return
        }
        #expect(table.entry("server")?.keyLocation.description == "1:2")
        #expect(table["server"]?.location.description == "1:1")
        #expect(server.entry("name")?.keyLocation.description == "2:3")
        #expect(server["name"]?.location.description == "2:10")
        #expect(server.entry("a")?.keyLocation.description == "3:3")
    }

    // MARK: Tables

    @Test func tableHeaders() throws {
        let text = """
            [a]
            x = 1
            [ a . "b.c" ]
            y = 2
            [d.e.f]
            [d]
            z = 3
            """
        #expect(try value(in: text, "a", "x") == .integer(1))
        #expect(try value(in: text, "a", "b.c", "y") == .integer(2))
        #expect(try value(in: text, "d", "e", "f") == .table(TOMLTable()))
        #expect(try value(in: text, "d", "z") == .integer(3))
    }

    @Test func headersMayAddSubTablesToDottedKeyTables() throws {
        let text = """
            [fruit]
            apple.color = "red"
            apple.taste.sweet = true
            [fruit.apple.texture]
            smooth = true
            """
        #expect(try value(in: text, "fruit", "apple", "color") == .string("red"))
        #expect(try value(in: text, "fruit", "apple", "texture", "smooth") == .boolean(true))
    }

    // MARK: Strings

    @Test func basicStringEscapes() throws {
        #expect(
            try value(in: #"a = "\b\t\n\f\r\"\\\u0041\U0001F600é""#, "a")
                == .string("\u{8}\t\n\u{C}\r\"\\A😀é"))
        #expect(try value(in: #"a = "\u0000""#, "a") == .string("\u{0}"))
        #expect(try value(in: #"a = "\U0010FFFF""#, "a") == .string("\u{10FFFF}"))
        #expect(try value(in: "a = \"tab\there\"", "a") == .string("tab\there"))
    }

    @Test func literalStrings() throws {
        #expect(try value(in: #"a = 'C:\Users\n "x"'"#, "a") == .string(#"C:\Users\n "x""#))
        #expect(try value(in: "a = ''", "a") == .string(""))
    }

    @Test func multilineBasicStrings() throws {
        #expect(try value(in: "a = \"\"\"\nline 1\nline 2\"\"\"", "a") == .string("line 1\nline 2"))
        #expect(try value(in: "a = \"\"\"\r\nx\r\ny\"\"\"", "a") == .string("x\ny"))
        // A line-ending backslash trims the break and following whitespace, spaces may follow it.
        #expect(try value(in: "a = \"\"\"one \\  \n\n    two\\\n\"\"\"", "a") == .string("one two"))
        // Up to two quotes before the closing delimiter, and quotes inside.
        #expect(try value(in: "a = \"\"\"x\"\"\"\"\"", "a") == .string("x\"\""))
        #expect(try value(in: "a = \"\"\"\"x\"\"\"\"", "a") == .string("\"x\""))
        #expect(try value(in: #"a = """a""b\"""c""""#, "a") == .string("a\"\"b\"\"\"c"))
    }

    @Test func multilineLiteralStrings() throws {
        #expect(try value(in: "a = '''\nraw \\n\n  text'''", "a") == .string("raw \\n\n  text"))
        #expect(try value(in: "a = ''''x'''''", "a") == .string("'x''"))
    }

    // MARK: Numbers

    @Test func integers() throws {
        let cases: [(String, Int64)] = [
            ("0", 0), ("+0", 0), ("-0", 0), ("42", 42), ("+17", 17), ("-17", -17), ("1_000_000", 1_000_000),
            ("9223372036854775807", .max), ("-9223372036854775808", .min), ("0xDEAD_beef", 0xDEAD_BEEF),
            ("0x7FFFFFFFFFFFFFFF", .max), ("0o755", 0o755), ("0b1101_0110", 0b1101_0110), ("0x0", 0), ("0o0_1", 1),
        ]
        for (text, expected) in cases {
            #expect(try value(in: "a = \(text)", "a") == .integer(expected), "\(text)")
        }
    }

    @Test func floats() throws {
        let cases: [(String, Double)] = [
            ("1.0", 1), ("+1.5", 1.5), ("-0.01", -0.01), ("3.1415_9265", 3.14159265), ("5e+22", 5e22), ("1e06", 1e6),
            ("-2E-2", -0.02), ("6.626e-34", 6.626e-34), ("1_000.000_1e1_0", 1000.0001e10), ("0e0", 0), ("0.0", 0),
            ("1e400", .infinity), ("4.9e-324", .leastNonzeroMagnitude), ("inf", .infinity), ("+inf", .infinity),
            ("-inf", -.infinity),
        ]
        for (text, expected) in cases {
            #expect(try value(in: "a = \(text)", "a") == .float(expected), "\(text)")
        }
        guard case .float(let negativeZero)? = try value(in: "a = -0.0", "a") else {
            Issue.record("-0.0 is not a float")
            return
        }
        #expect(negativeZero == 0 && negativeZero.sign == .minus)
        for text in ["nan", "+nan", "-nan"] {
            guard case .float(let nan)? = try value(in: "a = \(text)", "a") else {
                Issue.record("\(text) is not a float")
                continue
            }
            #expect(nan.isNaN)
        }
    }

    // MARK: Booleans, arrays, inline tables

    @Test func booleans() throws {
        #expect(try value(in: "a = true", "a") == .boolean(true))
        #expect(try value(in: "a = false", "a") == .boolean(false))
    }

    @Test func arrays() throws {
        #expect(try value(in: "a = []", "a") == .array([]))
        let location = SSOHealingCore.SourceLocation(line: 1, column: 1)
        let mixed: [TOMLNode] = [
            TOMLNode(.integer(1), at: location), TOMLNode(.string("two"), at: location),
            TOMLNode(.array([TOMLNode(.float(3), at: location)]), at: location),
            TOMLNode(.table(try TOMLParser.parse("x = true")), at: location),
        ]
        #expect(try value(in: #"a = [1, "two", [3.0], {x = true}]"#, "a") == .array(mixed))
        let multiline = """
            a = [ # comment after the bracket
              1,
              # a comment line

              2 , # trailing comma next
            ]
            """
        let one = TOMLNode(.integer(1), at: location)
        let two = TOMLNode(.integer(2), at: location)
        #expect(try value(in: multiline, "a") == .array([one, two]))
        #expect(try value(in: "a = [\r\n1,\r\n2\r\n]", "a") == .array([one, two]))
    }

    @Test func inlineTables() throws {
        let text = #"point = { x = 1, y.z = 2, "q" = { r = [ 3 ] }, s.t = 4, s.u = 5 }"#
        #expect(try value(in: text, "point", "x") == .integer(1))
        #expect(try value(in: text, "point", "y", "z") == .integer(2))
        #expect(try value(in: text, "point", "s", "u") == .integer(5))
        #expect(try value(in: "a = {}", "a") == .table(TOMLTable()))
        // Arrays inside an inline table may span lines.
        #expect(try value(in: "a = { b = [\n1,\n2 # c\n] }", "a", "b") != nil)
    }

    @Test func valueLocationsPointAtTheirFirstCharacter() throws {
        let table = try TOMLParser.parse("a = [ 1, { b = 'x' } ]\n")
        guard case .array(let elements)? = table["a"]?.value, elements.count == 2 else {
            Issue.record("not an array of two")
            return
        }
        #expect(table["a"]?.location.description == "1:5")
        #expect(elements[0].location.description == "1:7")
        #expect(elements[1].location.description == "1:10")
        guard case .table(let inline) = elements[1].value else {
            Issue.record("not a table")
            return
        }
        #expect(inline["b"]?.location.description == "1:16")
    }

    @Test func columnsCountUnicodeScalars() {
        #expect(parseOutcome("\"日本😀\" = ?") == "1:9: expected a value")
        #expect(parseOutcome("a = \"é\" x") == "1:9: unexpected \"x\" after value")
    }

    // MARK: Limits

    @Test func limitsAreConfigurable() {
        #expect(parseOutcome("a = 12345", limits: .init(maxBytes: 8)) == "1:1: file is larger than 8 bytes")
        #expect(
            parseOutcome(String(repeating: " ", count: 2049), limits: .init(maxBytes: 2048))
                == "1:1: file is larger than 2 KiB")
        #expect(parseOutcome("a = [[1]]", limits: .init(maxDepth: 2)) == "no error")
        #expect(parseOutcome("a = [[[1]]]", limits: .init(maxDepth: 2)) == "1:7: nesting is deeper than 2 levels")
        #expect(parseOutcome("a = {b = [1]}", limits: .init(maxDepth: 2)) == "no error")
        #expect(parseOutcome("a = {b.c = [1]}", limits: .init(maxDepth: 2)) == "1:12: nesting is deeper than 2 levels")
        #expect(parseOutcome("[a.b.c]", limits: .init(maxDepth: 2)) == "1:6: nesting is deeper than 2 levels")
        #expect(parseOutcome("a.b.c = 1", limits: .init(maxDepth: 2)) == "no error")
        #expect(parseOutcome("a.b.c.d = 1", limits: .init(maxDepth: 2)) == "1:5: nesting is deeper than 2 levels")
    }

    @Test func sixtyFourLevelsAreAccepted() {
        let nested = "a = " + String(repeating: "[", count: 64) + String(repeating: "]", count: 64)
        #expect(parseOutcome(nested) == "no error")
        let inline = "a = " + String(repeating: "{b = ", count: 64) + "1" + String(repeating: "}", count: 64)
        #expect(parseOutcome(inline) == "no error")
        let header = "[" + Array(repeating: "k", count: 64).joined(separator: ".") + "]"
        #expect(parseOutcome(header) == "no error")
    }
}
