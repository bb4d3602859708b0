extension StateStore {
    /// Why the state could not be used.
    public struct Failure: Error, Sendable, CustomStringConvertible {
        /// The kinds of failure.
        public enum Kind: Sendable, Equatable {
            /// A copy was written by a newer version of the program: refused and left untouched.
            case newerVersion
            /// No copy is a usable state. ``StateStore/update(_:)`` recovers from this by
            /// starting afresh; ``StateStore/read()`` reports it.
            case damaged
            /// The state cannot be read or written: permissions, I/O, an unsafe directory.
            case inaccessible
        }

        /// What went wrong.
        public var kind: Kind
        /// One line saying what went wrong, naming the files.
        public var description: String

        /// A failure of `kind`.
        public init(_ kind: Kind, _ description: String) {
            self.kind = kind
            self.description = description
        }

        /// `location` was written by a newer version of the program.
        static func newer(_ location: String, version: Int) -> Failure {
            Failure(
                .newerVersion,
                "\(location) was written by a newer version of \(ProductInfo.name) (state format \(version); this one reads up to \(EngineState.currentVersion)): upgrade, or move it away"
            )
        }
    }
}
