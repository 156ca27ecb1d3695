import XIPluginAPI

extension Receipt {
    /// Whether this is `.delivered`.
    var isDelivered: Bool {
        if case .delivered = self { return true }
        return false
    }
}

extension String {
    /// The string without leading and trailing spaces and newlines (no Foundation needed).
    func trimmingSpaces() -> Substring {
        var text = self[...]
        while let first = text.first, first.isWhitespace { text = text.dropFirst() }
        while let last = text.last, last.isWhitespace { text = text.dropLast() }
        return text
    }
}
