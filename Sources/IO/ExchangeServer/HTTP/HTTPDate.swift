#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The `Date` header's value (IMF-fixdate, RFC 9110: `Thu, 03 Dec 2026 15:12:59 GMT`), formatted at most once
/// per second by each owner.
struct HTTPDate {
    private var second: Int = -1
    private var text = ""

    /// The current time's value.
    mutating func now() -> String {
        let seconds = time(nil)
        if seconds != second {
            second = seconds
            text = Self.format(seconds)
        }
        return text
    }

    private static let days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// The value for `seconds` since the Unix epoch.
    static func format(_ seconds: Int) -> String {
        var t = seconds
        var parts = tm()
        gmtime_r(&t, &parts)
        func two(_ n: Int32) -> String { n < 10 ? "0\(n)" : "\(n)" }
        return "\(days[Int(parts.tm_wday)]), \(two(parts.tm_mday)) \(months[Int(parts.tm_mon)]) \(1900 + parts.tm_year) "
            + "\(two(parts.tm_hour)):\(two(parts.tm_min)):\(two(parts.tm_sec)) GMT"
    }
}
