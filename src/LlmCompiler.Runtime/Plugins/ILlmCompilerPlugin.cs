namespace LlmCompiler.Runtime.Plugins;

/// <summary>
/// A plugin type announced by a package through an MSBuild item (<c>&lt;LlmCompilerPlugin Include="Type.Name" /&gt;</c>
/// in its <c>build/*.props</c>). The compiler emits a call to <see cref="Initialize"/> when the program's module
/// loads: no reflection, so trimming and Native AOT keep it.
/// </summary>
public interface ILlmCompilerPlugin
{
    /// <summary>
    /// Checks what the plugin needs (a license, say) and registers what it brings: step backends, engines, the Pro
    /// features, or why the Pro features are inactive.
    /// </summary>
    /// <param name="registrations">Where to register; valid only until this method returns.</param>
    void Initialize(ILlmCompilerRegistrations registrations);
}
