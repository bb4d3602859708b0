import SSOHealingAWSFakes
import SSOHealingCore

/// The simulator's stand-in for the AWS sign-in page a device authorization links to: it shows
/// the code with Approve and Deny buttons, and approves or denies when they are pressed.
enum ApprovalPage {
    /// The page for `code` (from `?user_code=`), or a form to type one when it is `nil`.
    static func page(code: String?, simulator: Simulator) -> String {
        guard let typed = code, !typed.isEmpty else {
            return document(
                title: "Approve a device",
                body: """
                    <p>Type the code the device shows.</p>
                    <form method="post" action="/device">
                      <input name="user_code" placeholder="ABCD-EFGH" autofocus>
                      <button name="action" value="approve">Approve</button>
                      <button name="action" value="deny">Deny</button>
                    </form>
                    """)
        }
        let code = typed.uppercased()
        guard let authorization = simulator.aws.deviceAuthorizations.last(where: { $0.userCode == code }) else {
            return document(
                title: "Unknown code", body: "<p>No device authorization shows code <code>\(escape(code))</code>.</p>")
        }
        guard authorization.status == .pending else {
            return document(
                title: "Code \(escape(code))",
                body: "<p>This device authorization is already <b>\(authorization.status.rawValue)</b>.</p>")
        }
        return document(
            title: "Approve code \(escape(code))?",
            body: """
                <p>A device asks to sign in to the simulated SSO session <b>\(escape(simulator.sessionName))</b>
                with code</p>
                <p class="code">\(escape(code))</p>
                <p>Approve only if the device shows the same code. (On AWS, whoever approves logs the device in
                as themselves.) The link lasts until \(Timestamp.string(authorization.expiresAt)).</p>
                <form method="post" action="/device">
                  <input type="hidden" name="user_code" value="\(escape(code))">
                  <button name="action" value="approve">Approve</button>
                  <button name="action" value="deny">Deny</button>
                </form>
                """)
    }

    /// The page after a button was pressed: what the simulator did.
    static func result(_ reply: Simulator.Reply) -> String {
        document(
            title: reply.ok ? "Done" : "Not done",
            body: "<p>\(escape(reply.text))</p>" + (reply.ok ? "<p>You can close this page.</p>" : ""))
    }

    private static func document(title: String, body: String) -> String {
        """
        <!doctype html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(title) — simulated AWS sign-in</title>
        <style>
        body { font-family: sans-serif; max-width: 32em; margin: 3em auto; padding: 0 1em; }
        .code { font-family: monospace; font-size: 2em; letter-spacing: 0.1em; }
        button { font-size: 1.1em; margin-right: 0.5em; }
        </style>
        </head>
        <body>
        <h1>\(title)</h1>
        \(body)
        <p><small>sso-self-healing-demo simulate-aws: nothing here talks to AWS.</small></p>
        </body>
        </html>

        """
    }

    /// `text` safe inside HTML text and attribute values.
    static func escape(_ text: String) -> String {
        var output = ""
        for character in text {
            switch character {
            case "&": output += "&amp;"
            case "<": output += "&lt;"
            case ">": output += "&gt;"
            case "\"": output += "&quot;"
            case "'": output += "&#39;"
            default: output.append(character)
            }
        }
        return output
    }
}
