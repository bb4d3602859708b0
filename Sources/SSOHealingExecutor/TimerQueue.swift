/// Items due at a time in nanoseconds, earliest first; items due at the same time come out in
/// the order they went in.
struct TimerQueue<Element> {
    private struct Entry {
        var deadline: UInt64
        var sequence: UInt64
        var element: Element

        func isBefore(_ other: Entry) -> Bool {
            deadline != other.deadline ? deadline < other.deadline : sequence < other.sequence
        }
    }

    private var heap: [Entry] = []
    private var sequence: UInt64 = 0

    var count: Int { heap.count }
    var isEmpty: Bool { heap.isEmpty }

    /// When the earliest item is due.
    var nextDeadline: UInt64? { heap.first?.deadline }

    /// Adds an item; returns true when it is now the earliest (so a waiter must wait less).
    @discardableResult
    mutating func insert(_ element: Element, deadline: UInt64) -> Bool {
        sequence &+= 1
        heap.append(Entry(deadline: deadline, sequence: sequence, element: element))
        var child = heap.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard heap[child].isBefore(heap[parent]) else { break }
            heap.swapAt(child, parent)
            child = parent
        }
        return child == 0
    }

    /// Removes and returns the earliest item if it is due at `now`.
    mutating func popDue(now: UInt64) -> Element? {
        guard let first = heap.first, first.deadline <= now else { return nil }
        let last = heap.removeLast()
        if !heap.isEmpty {
            heap[0] = last
            siftDown()
        }
        return first.element
    }

    private mutating func siftDown() {
        var parent = 0
        while true {
            let left = 2 * parent + 1
            let right = left + 1
            var earliest = parent
            if left < heap.count && heap[left].isBefore(heap[earliest]) { earliest = left }
            if right < heap.count && heap[right].isBefore(heap[earliest]) { earliest = right }
            if earliest == parent { return }
            heap.swapAt(parent, earliest)
            parent = earliest
        }
    }
}
