import SSOHealingAWSFakes
import SSOHealingHTTP
import SSOHealingTestKit

/// The simulator's loopback HTTP endpoint (`SSO_SELF_HEALING_SIMULATOR_URL`):
///
/// - `POST /control`, the body a command line: 200 and the reply as text, or 400 and why not;
/// - `GET /device?user_code=CODE`: the approval page device authorizations link to, with Approve
///   and Deny buttons; `GET /device` asks for the code;
/// - `POST /device` (a form: `user_code`, `action=approve|deny`): approves or denies.
final class SimulatorControlServer: Sendable {
    private let server: LoopbackHTTPServer

    /// Starts the endpoint on a free loopback port; it answers 503 until ``serve(_:)``.
    init() throws {
        server = try LoopbackHTTPServer(maxRequestBodyBytes: 64 * 1024) { _ in
            .text("the simulator is starting\n", status: 503)
        }
    }

    /// `http://127.0.0.1:PORT`.
    var baseURL: String { server.baseURL }

    /// The approval page, `verificationUri` of the device authorizations.
    var approvalPage: String { server.url("/device") }

    /// Answers requests for `simulator` from now on.
    func serve(_ simulator: Simulator) {
        server.handler = { request in Self.answer(request, simulator: simulator) }
    }

    func stop() { server.stop() }

    private static func answer(_ request: RecordedRequest, simulator: Simulator) -> LoopbackHTTPServer.Reply {
        let html: HTTPHeaders = ["Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store"]
        switch (request.method, request.pathWithoutQuery) {
        case ("POST", "/control"):
            guard let reply = simulator.perform(request.bodyText) else {
                return .text("send a command, e.g. `status`; `help` lists them\n", status: 400)
            }
            return .text(reply.text + "\n", status: reply.ok ? 200 : 400)
        case ("GET", "/device"), ("GET", "/"):
            let code = request.queryItems.first { $0.name == "user_code" }?.value
            return .response(
                status: 200, headers: html, body: Array(ApprovalPage.page(code: code, simulator: simulator).utf8))
        case ("POST", "/device"):
            let form = request.formItems
            let code = form.first { $0.name == "user_code" }.map { String($0.value.filter { !$0.isWhitespace }) } ?? ""
            let action = form.first { $0.name == "action" }?.value
            guard !code.isEmpty, action == "approve" || action == "deny" else {
                return .response(
                    status: 400, headers: html,
                    body: Array(
                        ApprovalPage.result(.init(ok: false, text: "give user_code and action=approve or deny")).utf8))
            }
            let reply = simulator.perform(action == "approve" ? .approve(code.uppercased()) : .deny(code.uppercased()))
            return .response(
                status: reply.ok ? 200 : 404, headers: html, body: Array(ApprovalPage.result(reply).utf8))
        default:
            return .text(
                "not here: POST /control (a command), GET /device?user_code=CODE (the approval page)\n", status: 404)
        }
    }
}
