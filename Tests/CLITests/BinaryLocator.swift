import Foundation
import XCTest

/// Finds the `stscript` binary SwiftPM built next to this test bundle, and `../shared` when present.
enum BinaryLocator {
    static var productsDirectory: URL {
        for bundle in Bundle.allBundles where bundle.bundlePath.hasSuffix(".xctest") {
            return bundle.bundleURL.deletingLastPathComponent()
        }
        return Bundle.main.bundleURL
    }

    static var stscript: URL { productsDirectory.appendingPathComponent("stscript") }

    /// The package root (two levels above Tests/CLITests/this file).
    static var packageRoot: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }

    /// `../shared` beside the clone, which holds the conformance cases; nil when absent.
    static var shared: URL? {
        let url = packageRoot.deletingLastPathComponent().appendingPathComponent("shared")
        return FileManager.default.fileExists(atPath: url.appendingPathComponent("conformance/run.py").path) ? url : nil
    }
}
