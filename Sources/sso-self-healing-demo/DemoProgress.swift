import SSOHealingCore

/// What the demo's daemon has done so far, read from its state directory: lets the demo pace its
/// story by events (`--paced-by-events`) instead of by the clock.
struct DemoProgress: Sendable {
    let stateDirectory: String

    /// The SSO session's target and the vpn probe's, as last written.
    private func targets() -> (session: TargetRecord?, vpn: TargetRecord?, outboxEmpty: Bool) {
        guard let state = try? StateStore(directory: stateDirectory, logger: .init(label: "demo")).read() else {
            return (nil, nil, false)
        }
        let session = state.targets.values.first { $0.kind == "aws-sso" }
        return (session, state.targets["vpn"], state.outbox.isEmpty)
    }

    /// Waits until `condition` holds of the state, polling it.
    func wait(
        until condition: (_ session: TargetRecord?, _ vpn: TargetRecord?, _ outboxEmpty: Bool) -> Bool
    )
        async throws
    {
        while true {
            let (session, vpn, outboxEmpty) = targets()
            if condition(session, vpn, outboxEmpty) { return }
            try await Task.sleep(for: .milliseconds(100))
        }
    }

    /// Waits until the session's expiry was resolved and the vpn probe's episode was alerted,
    /// every alert delivered; or until `limit` passed.
    func waitUntilTheStoryIsTold(within limit: Duration) async throws {
        let told = Task {
            try await wait { session, vpn, outboxEmpty in
                outboxEmpty && session?.health.state == .ok && (session?.health.episode ?? 0) >= 1
                    && (vpn?.health.episode ?? 0) >= 1
            }
        }
        let guardTask = Task {
            try await Task.sleep(for: limit)
            told.cancel()
        }
        defer { guardTask.cancel() }
        _ = try? await told.value
    }
}

extension DemoAWS {
    /// The timeline paced by the daemon: the session ends once the probe has seen it healthy,
    /// and the login comes once the expiry alert was delivered.
    func runTimeline(pacedBy progress: DemoProgress, say: @Sendable (String) -> Void) async {
        do {
            try await progress.wait { session, _, _ in session?.health.state == .ok }
            endSession(say: say)
            try await progress.wait { session, _, outboxEmpty in session?.health.state == .expired && outboxEmpty }
            try logIn(say: say)
        } catch {}
    }
}
