import Foundation
import XCTest

/// Runs SillyTavern's recorded conformance cases (../shared/conformance) against the built binary.
///
/// Every case must pass, except the ones listed in `Conformance/known-failures.txt`: that list is the honest
/// record of what does not match SillyTavern yet. A listed case that starts passing is reported so the list
/// only ever shrinks; a case failing that is not listed fails the test.
final class ConformanceTests: XCTestCase {
    static let suites = [
        "st-lang.jsonl", "st-chat.jsonl", "st-reasoning.jsonl", "st-random.jsonl",
        "st-prompt.jsonl", "st-prompt-random.jsonl", "reasoning-vectors.jsonl",
    ]

    func testRecordedCasesBehaveAsSillyTavernDid() throws {
        guard let shared = BinaryLocator.shared else {
            throw XCTSkip("../shared/conformance is not beside this clone")
        }
        let known = try knownFailures()
        var unexpected: [String] = []
        var nowPassing: [String] = []
        var total = 0, failed = 0
        for suite in Self.suites {
            let report = try runSuite(shared.appendingPathComponent("conformance/\(suite)"))
            for entry in report {
                total += 1
                if entry.ok {
                    if known.contains(entry.id) { nowPassing.append(entry.id) }
                } else {
                    failed += 1
                    if !known.contains(entry.id) { unexpected.append("\(entry.id): \(entry.problems)") }
                }
            }
        }
        print("conformance: \(total - failed) passed, \(failed) failed (\(known.count) listed as known failures)")
        if !nowPassing.isEmpty {
            print("conformance: these known failures pass now; remove them from known-failures.txt: \(nowPassing.joined(separator: " "))")
        }
        XCTAssertTrue(unexpected.isEmpty, "cases that do not behave as SillyTavern did:\n" + unexpected.joined(separator: "\n"))
    }

    private struct CaseResult { let id: String; let ok: Bool; let problems: String }

    private func knownFailures() throws -> Set<String> {
        let url = BinaryLocator.packageRoot.appendingPathComponent("Tests/CLITests/Conformance/known-failures.txt")
        guard let text = try? String(contentsOf: url, encoding: .utf8) else { return [] }
        return Set(text.split(separator: "\n").map { $0.split(separator: "#", omittingEmptySubsequences: false)[0] }
            .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty })
    }

    private func runSuite(_ cases: URL) throws -> [CaseResult] {
        let reportURL = FileManager.default.temporaryDirectory.appendingPathComponent("conformance-\(UUID().uuidString).json")
        defer { try? FileManager.default.removeItem(at: reportURL) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", cases.deletingLastPathComponent().appendingPathComponent("run.py").path,
                             "--bin", BinaryLocator.stscript.path, "--report", reportURL.path, cases.path]
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        let data = try Data(contentsOf: reportURL)
        guard let rows = try JSONSerialization.jsonObject(with: data) as? [[String: Any]] else { return [] }
        return rows.map { row in
            CaseResult(id: row["id"] as? String ?? "?", ok: row["ok"] as? Bool ?? false,
                       problems: (row["problems"] as? [String] ?? []).joined(separator: "; "))
        }
    }
}
