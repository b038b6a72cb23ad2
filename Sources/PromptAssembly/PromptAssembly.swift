// PromptAssembly — placeholder so the package builds; replaced by the stage's real sources.
