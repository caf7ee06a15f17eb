import Foundation

/// Runs a helper script of the repository (the Python acceptance checks) from tests.
public enum ScriptRunner {
    /// The package root, found from a file inside `Tests/<target>/`.
    public static func packageRoot(testFile: String) -> URL {
        URL(fileURLWithPath: testFile).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }

    /// The `bourse` executable built next to the running test bundle, if any.
    public static func bourseExecutable() -> URL? {
        let me = URL(fileURLWithPath: (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0])
        var folder = me.deletingLastPathComponent()
        while folder.path != "/" {
            let candidate = folder.appendingPathComponent("bourse")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            folder = folder.deletingLastPathComponent()
        }
        return nil
    }

    /// Runs `arguments` (through `/usr/bin/env`) in `directory`; returns the exit status and the output (stdout and
    /// stderr interleaved). The process is terminated after `timeout`.
    ///
    /// Polls instead of `waitUntilExit()`: blocking a thread of the small cooperative pool would stall the servers
    /// the script talks to, which run in the same test process.
    public static func run(_ arguments: [String], in directory: URL, timeout: Duration = .seconds(600)) async throws
        -> (status: Int32, output: String)
    {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        process.currentDirectoryURL = directory
        let log = FileManager.default.temporaryDirectory.appendingPathComponent("bourse-script-\(UUID().uuidString).log")
        FileManager.default.createFile(atPath: log.path, contents: nil)
        let handle = try FileHandle(forWritingTo: log)
        defer {
            try? handle.close()
            try? FileManager.default.removeItem(at: log)
        }
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
        let deadline = ContinuousClock.now + timeout
        while process.isRunning {
            if ContinuousClock.now > deadline {
                process.terminate()
                break
            }
            try await Task.sleep(for: .milliseconds(100))
        }
        while process.isRunning { try await Task.sleep(for: .milliseconds(50)) }
        let output = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
        return (process.terminationStatus, output)
    }

    /// How an acceptance check ended: `passed`, `failed` (status 1 or other), or `unavailable` (status 3: the
    /// script could not set up its environment, e.g. no python3-venv, PyPI or browser).
    public enum Verdict: Equatable, Sendable {
        case passed
        case failed
        case unavailable
    }

    /// Reads a check script's exit status. An unavailable environment is a failure under CI (`CI` set) and a
    /// skip elsewhere; the caller records the returned message as a test issue when it is not `nil`.
    public static func verdict(status: Int32, output: String, check: String) -> (Verdict, failure: String?) {
        switch status {
        case 0:
            return (.passed, nil)
        case 3:
            let message = "\(check): environment unavailable:\n\(output)"
            if ProcessInfo.processInfo.environment["CI"] != nil { return (.unavailable, message) }
            print("SKIPPED \(message)")
            return (.unavailable, nil)
        default:
            return (.failed, "\(check) failed:\n\(output)")
        }
    }
}
