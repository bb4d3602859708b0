/// The SMTP reply a mailer quotes in its error output, read for whether it was temporary.
///
/// msmtp exits 69 (`EX_UNAVAILABLE`) whenever the server refuses a command, with a 4xx reply
/// (greylisting, a full queue, a server shutting down: try again later) as with some 5xx ones,
/// and says which on standard error: `msmtp: server message: 451 4.7.1 greylisted`. RFC 5321
/// §4.2.1: a 4yz reply is a transient negative completion, the same command may succeed later.
public enum MailReply {
    /// The first SMTP reply line in `errorOutput` with a 4xx code (`451 4.7.1 greylisted`), or
    /// `nil` when it quotes none.
    ///
    /// A reply is recognised after `server message: ` (msmtp's form) or at the start of a line,
    /// optionally after `program: `, as three digits followed by a space, a hyphen or the end.
    public static func temporaryReply(in errorOutput: String) -> String? {
        for line in errorOutput.split(whereSeparator: \.isNewline) {
            guard let reply = reply(in: Substring(line)) else { continue }
            if reply.hasPrefix("4") { return String(reply) }
        }
        return nil
    }

    /// The reply text a line quotes, from its code on.
    private static func reply(in line: Substring) -> Substring? {
        var candidates: [Substring] = [line.drop(while: { $0 == " " })]
        if let range = line.firstRange(of: "server message: ") { candidates.insert(line[range.upperBound...], at: 0) }
        if let colon = line.firstRange(of: ": ") { candidates.append(line[colon.upperBound...]) }
        for candidate in candidates where isReply(candidate) { return candidate }
        return nil
    }

    private static func isReply(_ text: Substring) -> Bool {
        let code = text.prefix(3)
        guard code.count == 3, code.allSatisfy({ $0.isASCII && $0.isNumber }),
            let first = code.first, ("2"..."5").contains(first)
        else { return false }
        let rest = text.dropFirst(3)
        return rest.isEmpty || rest.first == " " || rest.first == "-"
    }
}
