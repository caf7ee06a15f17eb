import Glibc
import Journal
import Testing

@Suite("Journal threads")
struct JournalThreadTests {
    @Test("a background thread runs at niceness 19 and leaves the caller's own priority alone")
    func backgroundPriority() async {
        let before = Self.niceness()
        let inside = await JournalThread.run(niceness: JournalThread.background) { Self.niceness() }
        #expect(inside == JournalThread.background)
        #expect(Self.niceness() == before)
        let plain = await JournalThread.run { Self.niceness() }
        #expect(plain == before, "a thread at niceness 0 keeps the process's priority")
    }

    /// The calling thread's nice value (`who` 0 names the calling thread on Linux).
    static func niceness() -> Int32 {
        getpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0)
    }
}
