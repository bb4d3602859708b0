#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// What the planner decided, for the engine to carry out or report. The planner itself only
/// changes the ``EngineState`` it is handed; everything with an effect outside it (starting a
/// login, logging) is one of these.
public enum PlannedAction: Sendable, Equatable {
    /// A state change raised this event.
    case raise(AlertEvent)
    /// This delivery went into the outbox.
    case enqueue(PendingDelivery)
    /// An alert about the expired target `probe`, which heals itself, is due and carries no login
    /// link: start a login, then ``NotificationPlanner/release(_:probe:link:at:in:)`` the held
    /// deliveries (with the link, if one came). They are held until `until` at the latest, so a
    /// process that dies before releasing them still delivers them, without a link.
    case startHealing(probe: String, held: [DeliveryKey], until: Date)
    /// This undelivered notification was older than `outbox_max_age` and was dropped.
    case drop(PendingDelivery)
}

/// A planner's actions, sorted by kind.
extension Array where Element == PlannedAction {
    /// The events raised.
    public var raised: [AlertEvent] {
        compactMap {
            if case .raise(let event) = $0 { return event }
            return nil
        }
    }

    /// The deliveries enqueued.
    public var enqueued: [PendingDelivery] {
        compactMap {
            if case .enqueue(let delivery) = $0 { return delivery }
            return nil
        }
    }

    /// The deliveries dropped.
    public var dropped: [PendingDelivery] {
        compactMap {
            if case .drop(let delivery) = $0 { return delivery }
            return nil
        }
    }
}
