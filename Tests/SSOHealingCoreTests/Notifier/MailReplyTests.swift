import SSOHealingCore
import Testing

/// msmtp's own words (1.8, against a server answering each code), read for a temporary reply.
@Test func msmtpQuotingA4xxReplyIsTemporary() {
    let greylisted = """
        msmtp: recipient address ops@example.com not accepted by the server
        msmtp: server message: 451 4.7.1 greylisted
        msmtp: could not send mail (account default from /tmp/rc)
        """
    #expect(MailReply.temporaryReply(in: greylisted) == "451 4.7.1 greylisted")
    #expect(MailReply.temporaryReply(in: "msmtp: server message: 421 4.3.2 shutting down") == "421 4.3.2 shutting down")
}

@Test func a5xxReplyOrNoReplyIsNotTemporary() {
    let rejected = """
        msmtp: recipient address ops@example.com not accepted by the server
        msmtp: server message: 550 5.1.1 rejected
        msmtp: could not send mail (account default from /tmp/rc)
        """
    #expect(MailReply.temporaryReply(in: rejected) == nil)
    #expect(MailReply.temporaryReply(in: "msmtp: cannot connect to 127.0.0.1, port 25: Connection refused") == nil)
    #expect(MailReply.temporaryReply(in: "sendmail: 4000 messages queued") == nil)
    #expect(MailReply.temporaryReply(in: "") == nil)
}

@Test func aReplyAtTheStartOfALineIsRead() {
    #expect(MailReply.temporaryReply(in: "452-4.2.2 mailbox full\n452 4.2.2 try later") == "452-4.2.2 mailbox full")
    #expect(MailReply.temporaryReply(in: "mailer: 450 4.2.0 busy") == "450 4.2.0 busy")
}
