namespace LlmCompiler.Runtime.Plugins;

/// <summary>
/// A plugin type announced by a package through an MSBuild item (<c>&lt;LlmCompilerPlugin Include="Type.Name" /&gt;</c>
/// in its <c>build/*.props</c>). The compiler emits a call to <see cref="Initialize"/> when the program's module
/// loads: no reflection, so trimming and Native AOT keep it.
/// </summary>
public interface ILlmCompilerPlugin
{
    /// <summary>Checks what the plugin needs (a license, say) and calls <see cref="ProFeatures.Register"/> or <see cref="ProFeatures.ReportInactive"/>.</summary>
    void Initialize();
}
