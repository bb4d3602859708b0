extension StateStore {
    /// How often a store (and every copy of it) went to its storage.
    public struct Statistics: Sendable, Equatable {
        /// Loads of the state: both copies read and decoded (a cached state is not a read).
        public var reads: Int
        /// Generations written: each one to both copies.
        public var writes: Int

        /// Counts.
        public init(reads: Int = 0, writes: Int = 0) {
            self.reads = reads
            self.writes = writes
        }
    }
}
