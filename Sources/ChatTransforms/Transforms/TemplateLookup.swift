// Names a user may give to --parse-reasoning / --inline-reasoning: SillyTavern template names and splitter profiles.
import Reasoning

public enum TemplateLookup {
    /// A SillyTavern template by name (case-insensitive), or a model-family profile's markers.
    public static func template(named name: String) -> ReasoningTemplate? {
        let wanted = name.lowercased()
        if let preset = ReasoningTemplate.presets.first(where: { $0.name.lowercased() == wanted }) { return preset }
        switch wanted {
        case "think", "xml", "think-xml": return ReasoningTemplate(name: name, prefix: "<think>", suffix: "</think>", separator: "\n")
        case "deepseek-r1", "r1": return .deepSeek
        default: return nil
        }
    }

    public static var knownNames: [String] { ReasoningTemplate.presets.map(\.name) + ["think"] }
}
