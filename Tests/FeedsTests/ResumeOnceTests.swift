@testable import Feeds
import Testing

@Suite("ResumeOnce")
struct ResumeOnceTests {
    struct Failure: Error, Equatable { let n: Int }

    @Test("a result that comes before the wait begins is delivered, not lost")
    func earlyResult() async throws {
        let once = ResumeOnce<Int>()
        // `#require`: were the early result dropped, waiting below would never end.
        try #require(once.resume(.success(7)), "the first result is taken even with nobody waiting yet")
        #expect(!once.resume(.success(8)), "only the first result counts")
        let value = try await withCheckedThrowingContinuation { once.set($0) }
        #expect(value == 7)
    }

    @Test("the first of two racing results wins; the later one is dropped")
    func firstWins() async throws {
        for _ in 0..<200 {
            let once = ResumeOnce<Int>()
            let outcome = await withCheckedContinuation { (done: CheckedContinuation<Result<Int, any Error>, Never>) in
                Task {
                    do { done.resume(returning: .success(try await withCheckedThrowingContinuation { once.set($0) })) } catch {
                        done.resume(returning: .failure(error))
                    }
                }
                Task { _ = once.resume(.success(1)) }
                Task { _ = once.resume(.failure(Failure(n: 2))) }
            }
            switch outcome {
            case .success(let value): #expect(value == 1)
            case .failure(let error): #expect(error as? Failure == Failure(n: 2))
            }
        }
    }
}
