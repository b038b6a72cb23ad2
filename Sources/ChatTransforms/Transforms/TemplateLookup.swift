// Names a user may give to --parse-reasoning / --inline-reasoning / export --markers: SillyTavern template names
// (exact SillyTavern behaviour) or model-family profiles from the Reasoning stage (their first markers).
import Reasoning

public enum TemplateLookup {
    /// A SillyTavern template by name (case-insensitive), else a profile's first open marker (with its label) and
    /// first close marker, with a blank line as separator.
    public static func template(named name: String) -> ReasoningTemplate? {
        let lower = name.lowercased()
        if let preset = ReasoningTemplate.presets.first(where: { $0.name.lowercased() == lower }) { return preset }
        guard let profile = ReasoningProfile.named(name), let open = profile.openMarkers.first,
              let close = profile.closeMarkers.first else { return nil }
        return ReasoningTemplate(name: profile.name, prefix: open + (profile.label ?? ""), suffix: close, separator: "\n\n")
    }

    public static var knownNames: [String] {
        ReasoningTemplate.presets.map(\.name) + ReasoningProfile.builtIn.map(\.name)
    }
}
