import Synchronization

extension Redactor {
    private static let processWide = Mutex(Redactor())

    /// Every secret of every configuration this process has loaded: what the log handler and
    /// command output hide. A secret stays known after a reload drops it, so a line about an
    /// older delivery cannot reveal it either.
    public static var current: Redactor { processWide.withLock { $0 } }

    /// Adds `redactor`'s secrets to ``current``.
    public static func learn(_ redactor: Redactor) {
        guard !redactor.isEmpty else { return }
        processWide.withLock { $0 = $0.merging(redactor) }
    }
}
