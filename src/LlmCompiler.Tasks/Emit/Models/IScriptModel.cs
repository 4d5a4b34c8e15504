using Scriban.Runtime;

namespace LlmCompiler.Tasks.Emit.Models;

/// <summary>
/// A model a Scriban template renders. Every string in a model is already valid C# (literals quoted and escaped), so
/// the templates only lay code out. Each model hands Scriban a <see cref="ScriptObject"/> tree (snake_case keys)
/// itself: Scriban's reflection over .NET objects costs a JIT'd invoke stub per property, which a build pays on every
/// cold start.
/// </summary>
internal interface IScriptModel
{
    ScriptObject ToScriptObject();
}
