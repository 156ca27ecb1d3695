import XIPluginAPI

extension ShareOfWalletDetector {
    /// The `share_of_wallet` detector's descriptor and maker.
    public static let factory = PluginFactory(
        descriptor: PluginDescriptor(
            category: .detector, kind: "share_of_wallet",
            summary: "Raised when a subject's banking moves elsewhere: a product closed, a product held elsewhere, money moved out, a competitor named.",
            options: [
                PluginOption("products_field", .string, summary: "A list field of the products held with us; one that disappears is a product closed."),
                PluginOption("held_elsewhere_field", .string, summary: "A list or text field of products held elsewhere, when known."),
                PluginOption("outflow_field", .string, summary: "A numeric field with an amount moved out (to another institution)."),
                PluginOption("balance_field", .string, summary: "A numeric field with the balance held with us; a fall counts as money moved out."),
                PluginOption("competitor_terms", .stringList, summary: "Names of competitors to look for in the event's text (whole words, any case)."),
                PluginOption("switching_terms", .stringList, summary: "Words that say the customer is moving (default English: move, switch, transfer, leave, close, …)."),
                PluginOption("threshold", .number, summary: "The least strength, 0 to 1, that raises the signal (default 0.5)."),
            ]),
        make: { context, _ in .detector(try make(context)) })

    /// Makes the detector from its options; throws ``PluginError`` when they cannot work.
    public static func make(_ context: PluginContext) throws -> ShareOfWalletDetector {
        let detector = ShareOfWalletDetector(
            signal: context.name, productsField: try context.string("products_field"), heldElsewhereField: try context.string("held_elsewhere_field"),
            outflowField: try context.string("outflow_field"), balanceField: try context.string("balance_field"),
            competitorTerms: try context.stringList("competitor_terms") ?? [], switchingTerms: try context.stringList("switching_terms") ?? englishSwitchingTerms,
            threshold: try context.number("threshold", default: 0.5, in: 0...1))
        guard detector.productsField != nil || detector.heldElsewhereField != nil || detector.outflowField != nil || detector.balanceField != nil
            || !detector.competitors.isEmpty
        else {
            throw PluginError(
                "'\(context.name)' has nothing to look at; give at least one of products_field, held_elsewhere_field, outflow_field, balance_field or competitor_terms")
        }
        return detector
    }
}
