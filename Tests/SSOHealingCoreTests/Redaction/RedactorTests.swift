import SSOHealingCore
import Testing

/// The redaction policy, with each secret's derived forms written out by hand.
@Suite struct RedactorTests {
    @Test func aURLsUserInfoIsHiddenWithItsBasicBase64AndItsPassword() {
        let redactor = Redactor(secrets: ["https://ops:S3cretPassw0rd@hooks.example/hook"])
        // base64("ops:S3cretPassw0rd") = b3BzOlMzY3JldFBhc3N3MHJk, what libcurl sends as Basic.
        #expect(
            redactor.redact("401: Authorization: Basic b3BzOlMzY3JldFBhc3N3MHJk")
                == "401: Authorization: Basic <redacted>")
        #expect(redactor.redact("user ops:S3cretPassw0rd, pw S3CRETPASSW0RD") == "user <redacted>, pw <redacted>")
        #expect(redactor.redact("hooks.example/hook answered") == "hooks.example/hook answered")
    }

    @Test func aKeyInAPathOrQueryIsHiddenInAnyCaseAndPercentEncoded() {
        let redactor = Redactor(secrets: ["https://hooks.example/services/T0KEN12345/sendMessage?sig=Zx81Qa77&x=1"])
        #expect(redactor.redact("no route for /SERVICES/t0ken12345/SENDMESSAGE") == "no route for <redacted>")
        #expect(redactor.redact("no route for /v1/T0KEN12345/other") == "no route for /v1/<redacted>/other")
        #expect(redactor.redact("bad sig zx81qa77") == "bad sig <redacted>")
        #expect(redactor.redact("services sendMessage sig") == "services sendMessage sig")
    }

    @Test func aTelegramTokenInThePathIsHiddenButTheMethodIsNot() {
        let redactor = Redactor(secrets: ["https://api.telegram.org/bot123456:ABCdefGHIjklMNOpqrSTUvwxYZ/sendMessage"])
        #expect(
            redactor.redact("POST /bot123456:ABCdefGHIjklMNOpqrSTUvwxYZ/getMe: 404") == "POST /<redacted>/getMe: 404")
        #expect(redactor.redact("POST /bot123456:ABCdefGHIjklMNOpqrSTUvwxYZ/sendMessage") == "POST <redacted>")
        #expect(redactor.redact("token ABCdefGHIjklMNOpqrSTUvwxYZ") == "token <redacted>")
    }

    @Test func ordinaryWordsOfAURLAreNotRedactedEverywhere() {
        let redactor = Redactor(secrets: ["http://am.example:9093/api/v2/alerts"])
        let text = "posting alerts to the api v2 of am.example"
        #expect(redactor.redact(text) == text)
        #expect(redactor.redact("sent to http://am.example:9093/api/v2/alerts") == "sent to <redacted>")
    }

    @Test func aHeaderValueIsHiddenWithoutItsScheme() {
        let redactor = Redactor(secrets: ["Bearer tok-998877665544", "Basic YW0tdXNlcjpBbVBhc3N3MHJkNDI="])
        #expect(redactor.redact("Bearer tok-998877665544") == "<redacted>")
        #expect(redactor.redact("got bearer TOK-998877665544") == "got <redacted>")
        #expect(redactor.redact("got token TOK-998877665544") == "got token <redacted>")
        // YW0tdXNlcjpBbVBhc3N3MHJkNDI= is base64("am-user:AmPassw0rd42").
        #expect(redactor.redact("am-user:AmPassw0rd42 / AmPassw0rd42") == "<redacted> / <redacted>")
        #expect(redactor.redact("Basic YW0tdXNlcjpBbVBhc3N3MHJkNDI") == "Basic <redacted>")
        #expect(redactor.redact("Bearer and Basic are words") == "Bearer and Basic are words")
    }

    @Test func aSecretIsHiddenPercentEncoded() {
        let redactor = Redactor(secrets: ["p@ss w0rd!x"])
        #expect(redactor.redact("q=p%40ss%20w0rd%21x") == "q=<redacted>")
        #expect(redactor.redact("pw p@ss w0rd!x") == "pw <redacted>")
    }

    @Test func onlyArgumentsThatLookLikeCredentialsAreHidden() {
        let redactor = Redactor(
            secrets: [String](),
            arguments: [
                "-H", "10.0.0.1", "-w", "100,20%", "--password=hunter2222", "platform", "/usr/lib/x1234567",
                "gw01.example.com", "correcthorsebatterystaple",
            ])
        #expect(
            redactor.redact("-H 10.0.0.1 -w 100,20% platform /usr/lib/x1234567 gw01.example.com")
                == "-H 10.0.0.1 -w 100,20% platform /usr/lib/x1234567 gw01.example.com")
        #expect(redactor.redact("login hunter2222 / correcthorsebatterystaple") == "login <redacted> / <redacted>")
    }

    @Test func shortSecretsAreNotHiddenInsideWords() {
        let redactor = Redactor(secrets: ["abc"])
        #expect(redactor.redact("abcdef") == "abcdef")
    }

    @Test func adjacentSecretsBecomeOnePlaceholder() {
        let redactor = Redactor(secrets: ["Alpha12345", "Beta123456"])
        #expect(redactor.redact("x Alpha12345Beta123456 y") == "x <redacted> y")
    }
}
