public enum TOMLParser {
    public static func parse(_ text: String) throws(TOMLSyntaxError) -> TOMLTable { fatalError() }
}
