import XCTest
import LineEditor

final class CompletionsTests: XCTestCase {
    func testAUniqueCandidateIsFinishedWithItsTerminator() {
        let completions = Completions(word: "reasoning-p", candidates: [CompletionCandidate("reasoning-parse")])
        XCTAssertEqual(completions.insertion, "arse ")
    }

    func testANamedArgumentIsFinishedWithoutASpace() {
        let completions = Completions(word: "ru", candidates: [CompletionCandidate("rule=", terminator: "")])
        XCTAssertEqual(completions.insertion, "le=")
    }

    func testAmbiguousCandidatesExtendToTheSharedPrefix() {
        let completions = Completions(word: "reas", candidates: ["reasoning-get", "reasoning-set"].map { CompletionCandidate($0) })
        XCTAssertEqual(completions.insertion, "oning-")
    }

    func testNothingIsInsertedWhenTheSharedPrefixIsTyped() {
        let completions = Completions(word: "reasoning-", candidates: ["reasoning-get", "reasoning-set"].map { CompletionCandidate($0) })
        XCTAssertNil(completions.insertion)
    }

    func testCandidatesThatDoNotStartWithTheWordAreDropped() {
        let completions = Completions(word: "g", candidates: ["gt", "lt"].map { CompletionCandidate($0) })
        XCTAssertEqual(completions.candidates.map(\.text), ["gt"])
    }

    func testTheListingFillsColumnsTopToBottom() {
        let completions = Completions(word: "", candidates: ["a", "b", "c", "d", "e"].map { CompletionCandidate($0) })
        XCTAssertEqual(completions.listing(width: 9), ["a  c  e", "b  d"])
    }

    func testAListingNarrowerThanOneNameStillShowsEveryName() {
        let completions = Completions(word: "", candidates: ["long-name", "other"].map { CompletionCandidate($0) })
        XCTAssertEqual(completions.listing(width: 3), ["long-name", "other"])
    }
}
