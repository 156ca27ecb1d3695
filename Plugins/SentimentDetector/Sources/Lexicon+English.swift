extension Lexicon {
    /// xi's English word list, written for xi: each line is a valence from -4 (most negative)
    /// to +4 (most positive) followed by the words that carry it, lower case. Inflections are
    /// listed where they are common (a word is looked up as written, then without a plural `s`).
    /// Boosters, dampeners and negations are not here: they change the words near them
    /// (see ``Lexicon/boosters`` and ``Lexicon/negations``).
    static let englishText = """
    4 superb outstanding phenomenal magnificent flawless perfection exceptional masterpiece breathtaking
    3.5 excellent amazing awesome fantastic wonderful brilliant incredible marvelous marvellous terrific spectacular stunning exquisite extraordinary
    3.5 perfect perfectly loved adore adored adores love loving delighted thrilled ecstatic
    3 great best greatest impressive impressed beautiful beautifully gorgeous delicious delightful fabulous lovely splendid remarkable glad happy happiest joy joyful
    3 fun enjoyable enjoyed enjoy enjoying enjoys favorite favourite favorites recommend recommended recommending highly-recommend must-see must-have
    3 excited exciting exceeded exceeds thank thanks thankful grateful appreciate appreciated appreciative heaven heavenly
    2.5 good nice pleased pleasant pleasure satisfied satisfying satisfaction charming charm sweet tasty yummy cool neat smooth friendly helpful
    2.5 professional courteous polite attentive knowledgeable efficient quick fast prompt promptly reliable sturdy solid comfortable comfy clean fresh
    2.5 worth worthwhile happily well-made well-done funny hilarious witty clever smart intelligent entertaining engaging gripping heartwarming
    2.5 fine generous kind kindly caring patient value bargain deal deals affordable reasonable reasonably
    2 liked likable likeable handy useful simple sharp clear crisp loud bright responsive
    2 durable elegant stylish sleek comfortable compact lightweight light-weight powerful strong fair fairly honest accurate convenient convenience
    2 win wins won winner success successful succeeded solved resolved resolve fixed fix helped helps help supportive support safe secure trust trusted
    2 warm welcoming welcomed cozy cosy authentic genuine fresh crispy tender juicy flavorful flavourful inventive creative original unique refreshing
    3 adorable excels excel impeccable unforgettable wonderfully flawlessly superior ideal happier
    2 fixes attractive special nicer cheerful thrilling blessed bless
    1.5 work
    2 beauty masterful talented talent gifted brilliance inspiring inspired inspirational memorable classic fascinating interesting intriguing
    2 wow yay hooray congrats congratulations bravo kudos cheers
    2 respect respected positive positively better improved improvement upgrade upgraded
    1 works worked working easy easily
    1.5 ok okay decent adequate acceptable reasonable alright all-right fine satisfactory capable competent sufficient
    1.5 recommendation recommendations enjoyably nicely properly correctly correct calm relaxed relaxing peaceful cute
    1.5 ready available cheap cheaper inexpensive free bonus plus pros gain gained benefit benefits reward rewarding earned
    1 like likes want wanted hope hopefully hoping interest interested curious certainly agree agreed yes real realistic true
    -1 slow slowly late later wait waited waiting queue queued expensive pricey costly overpriced complicated confusing confused
    -1 unclear unsure doubt doubtful odd weird strange bland plain average mediocre meh ordinary forgettable predictable cliche cliched clichéd
    -1 cheaply noisy cold lukewarm dry greasy salty soggy stale tough chewy bitter
    -1 problem problems issue issues concern concerns question questionable unfortunately sadly lacking lacks lack missing miss missed
    -1.5 trouble troubles joke dropped dropping stuck unable tasteless flavorless inconsiderate lost lose losing
    -3 horrific excruciating infuriating atrocity
    -2.5 disappointment disappointing
    -2 displeased jerk jerks flawed garbled beware
    -1.5 flaw flaws excessive shocked blows wobbly warning uncomfortable
    -1 loose careful
    2.5 infatuated effortless effortlessly gem gems genius legendary superlative mesmerising mesmerizing riveting riveted triumph triumphed treasure
    2.5 delight delights masterfully timeless applause applauded resounding amaze amazes amazed amazingly enjoyment pearl pearls succeeds succeed
    2 believable convincing convincingly shined shines shine perfected fascinated appealing educational intrigued insightful uplifting
    2 well-played well-acted well-written well-crafted top-notch first-rate first-class spot-on apt recommendable
    1 well
    1.5 wise comfort rocks
    -1.5 difficult hard harder struggle struggled struggling hassle inconvenient inconvenience annoying annoyed annoys irritating irritated frustrating
    -1.5 frustrated frustration disappoint disappointed dissatisfied unsatisfied unhappy sad upset worried worry worrying
    -1.5 slow-moving aimless boring bored bores dull tedious tiresome lame weak weaker flimsy fragile fake cheap-looking unprofessional unfriendly
    -1.5 rude impolite careless sloppy messy dirty filthy smelly stinks stinky stink gross greasy undercooked overcooked raw burnt burned
    -1.5 broken broke breaks break fails fail failed failing failure faulty defective malfunction malfunctions glitch glitches bug buggy crash crashed crashes
    -1.5 error errors mistake mistakes wrong incorrect inaccurate unreliable unstable useless pointless worthless meaningless senseless unnecessary
    -1.5 refund refunded return returned returning complain complained complaint complaints cancel cancelled canceled cancelling close closing leave leaving
    -2 bad poor poorly badly worse unacceptable disrespectful ignored ignoring ignore neglected neglect incompetent inept clueless lazy slowest
    -2 awkward clumsy lousy shoddy junk junky crap crappy garbage trash rubbish nonsense stupid dumb silly ridiculous absurd ludicrous laughable
    -2 annoyance nuisance waste wasted wasting overrated uninspired unoriginal derivative shallow pretentious forced contrived implausible unbelievable
    -2 angry anger mad furious outraged outrage hate hated hates hating dislike disliked dislikes unfair unjust cheated cheat cheating scam scammed
    -2 misleading mislead misled lied lie lies lying dishonest deceptive deceived overcharged fraud fraudulent stolen steal stealing
    -2 sick ill ugly hideous unpleasant unbearable unwatchable unlistenable painful pain hurt hurts hurting suffer suffered suffering sucked sucks suck
    -2 avoid avoided regret regretted regrets sorry apologize apologise apology apologies fault blame blamed shame shameful embarrassing embarrassed
    -2 disgusted disaster disastrous mess chaos chaotic nightmare hell bug-ridden unusable inedible
    -2.5 terrible horrible awful dreadful atrocious abysmal appalling horrendous horrid pathetic miserable insulting offensive disgusting disgrace
    -2.5 worst rip-off ripoff rip ripped hopeless helpless
    -3 hateful despise despised loathe loathed abhorrent vile repulsive revolting sickening nauseating unforgivable criminal
    -3 dead died dying die death kill killed killing
    """

    /// Words that strengthen (a positive number) or soften (a negative one) the sentiment word
    /// after them, by about that much.
    static let englishBoosters: [String: Double] = [
        "absolutely": 0.293, "amazingly": 0.293, "completely": 0.293, "considerably": 0.293, "decidedly": 0.293,
        "deeply": 0.293, "enormously": 0.293, "entirely": 0.293, "especially": 0.293, "exceptionally": 0.293,
        "extremely": 0.293, "fabulously": 0.293, "greatly": 0.293, "highly": 0.293, "hugely": 0.293,
        "incredibly": 0.293, "intensely": 0.293, "majorly": 0.293, "more": 0.293, "most": 0.293, "particularly": 0.293,
        "purely": 0.293, "quite": 0.293, "really": 0.293, "remarkably": 0.293, "so": 0.293, "substantially": 0.293,
        "thoroughly": 0.293, "too": 0.293, "totally": 0.293, "tremendously": 0.293, "truly": 0.293, "uber": 0.293,
        "unbelievably": 0.293, "unusually": 0.293, "utterly": 0.293, "very": 0.293, "super": 0.293, "such": 0.293,
        "almost": -0.293, "barely": -0.293, "hardly": -0.293, "kinda": -0.293, "less": -0.293, "little": -0.293,
        "marginally": -0.293, "occasionally": -0.293, "partly": -0.293, "scarcely": -0.293, "slightly": -0.293,
        "somewhat": -0.293, "sorta": -0.293, "fairly": -0.293, "pretty": 0.2, "definitely": 0.293, "whatsoever": 0.293,
    ]

    /// Words that turn the sentiment of the next few words around.
    static let englishNegations: Set<String> = [
        "not", "no", "never", "none", "nobody", "nothing", "nowhere", "neither", "nor", "without", "cannot",
        "cant", "can't", "dont", "don't", "doesnt", "doesn't", "didnt", "didn't", "isnt", "isn't", "wasnt", "wasn't",
        "arent", "aren't", "werent", "weren't", "wont", "won't", "wouldnt", "wouldn't", "shouldnt", "shouldn't",
        "couldnt", "couldn't", "hasnt", "hasn't", "havent", "haven't", "hadnt", "hadn't", "aint", "ain't",
        "neednt", "needn't", "mustnt", "mustn't", "rarely", "seldom",
    ]

    /// Emoji and emoticons, with their valence.
    static let englishSymbols: [String: Double] = [
        ":)": 2, ":-)": 2, ":]": 2, "=)": 2, ":d": 2.5, ":-d": 2.5, ";)": 1.5, ";-)": 1.5, "<3": 3, ":p": 1, ":-p": 1,
        ":(": -2, ":-(": -2, ":[": -2, "=(": -2, ":'(": -2.5, ":/": -1, ":-/": -1, ":|": -0.5, ">:(": -3,
        "😀": 2, "😃": 2, "😄": 2, "😁": 2, "😊": 2, "🙂": 1.5, "😍": 3, "🥰": 3, "😘": 2.5, "👍": 2, "👏": 2, "🎉": 2,
        "❤": 3, "❤️": 3, "💕": 3, "😂": 1.5, "🤣": 1.5, "😉": 1.5, "✅": 1, "⭐": 1.5, "🌟": 2,
        "😞": -2, "😟": -2, "😢": -2.5, "😭": -2.5, "😠": -3, "😡": -3, "🤬": -3.5, "👎": -2, "💔": -2.5,
        "😤": -2, "😒": -1.5, "🙁": -1.5, "☹": -2, "☹️": -2, "😩": -2, "😫": -2, "🤮": -3, "😖": -2, "😣": -2, "❌": -1,
    ]
}
