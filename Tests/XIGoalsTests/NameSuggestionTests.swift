import Testing
import XIGoals

@Suite("Did you mean")
struct NameSuggestionTests {
    @Test("the nearest name is suggested", arguments: [
        ("detracter", "detractor"), ("treshold", "threshold"), ("webhok", "webhook"), ("retention-lead", "retention-leads"),
        ("Detractor", "detractor"), ("thresold", "threshold"), ("sentimnet", "sentiment"),
    ])
    func suggests(_ written: String, _ expected: String) {
        let candidates = ["detractor", "threshold", "webhook", "retention-leads", "sentiment", "promoter", "weight"]
        #expect(NameSuggestion.nearest(to: written, in: candidates) == expected)
    }

    @Test("nothing is suggested for an unrelated name")
    func noSuggestion() {
        #expect(NameSuggestion.nearest(to: "banana", in: ["detractor", "threshold", "weight"]) == nil)
        #expect(NameSuggestion.nearest(to: "x", in: ["detractor"]) == nil)
    }
}
