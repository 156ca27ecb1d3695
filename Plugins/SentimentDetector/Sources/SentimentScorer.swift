/// How a sentiment detector scores text: with a word list (English out of the box) or with a
/// trained model (any language).
public enum SentimentScorer: Sendable {
    /// Rule-based, from a word list.
    case lexicon(Lexicon)
    /// Learnt from labelled examples (`xi train sentiment`).
    case model(SentimentModel)

    /// The sentiment of `text`, -1 to 1; 0 for empty or unknown text.
    public func score(_ text: String) -> Double {
        switch self {
        case .lexicon(let lexicon): lexicon.score(text)
        case .model(let model): model.score(text)
        }
    }
}
