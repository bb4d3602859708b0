/// What a ``StateStorage`` found in one ``StateSlot``.
public enum StateLoad: Sendable {
    /// Nothing there.
    case missing
    /// A usable state, and the identity of the copy it was read from.
    case state(EngineState, StateIdentity)
    /// Something that is not a usable state, and why (one line).
    case damaged(reason: String)
    /// A state of a format newer than ``EngineState/currentVersion``: never to be touched.
    case newer(version: Int)
}
