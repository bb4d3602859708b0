import ArgumentParser
import SSOHealingHTTP

/// `simulate-aws --control COMMAND…`: sends one command to a running simulator's control endpoint,
/// as `curl -sS -d 'COMMAND' "$SSO_SELF_HEALING_SIMULATOR_URL/control"` does.
enum SimulatorControlClient {
    /// The variable the simulator exports with its endpoint's URL.
    static let urlVariable = "SSO_SELF_HEALING_SIMULATOR_URL"

    /// Sends `command` to the simulator at `url`; prints the reply on stdout (refusals on stderr).
    /// Exit status: 0 done, 1 refused, 69 no simulator answers there.
    static func send(_ command: String, to url: String) async throws {
        let request = HTTPRequest(
            method: "POST", url: url + "/control", headers: ["Content-Type": "text/plain; charset=utf-8"],
            body: Array(command.utf8), timeout: .seconds(15), connectTimeout: .seconds(5))
        let response: HTTPResponse
        do {
            response = try await HTTPClient().send(request)
        } catch {
            DemoOutput.complain("no simulator answers at \(url): \(error)")
            throw ExitCode(69)
        }
        var text = response.bodyText
        if text.hasSuffix("\n") { text.removeLast() }
        if response.status == 200 {
            DemoOutput.say(text)
        } else {
            DemoOutput.complain(
                response.status == 400 ? "refused: \(text)" : "the simulator at \(url) answered HTTP \(response.status)"
            )
            throw ExitCode(1)
        }
    }
}
