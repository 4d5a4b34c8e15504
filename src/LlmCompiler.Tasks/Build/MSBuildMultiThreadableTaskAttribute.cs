namespace Microsoft.Build.Framework;

/// <summary>
/// Tells MSBuild 18's multithreaded mode that a task may run in-process beside others. MSBuild matches the
/// attribute by name, so declaring it here works with older Microsoft.Build.Framework references. Tasks that
/// carry it use absolute paths only and keep no process-wide mutable state.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
internal sealed class MSBuildMultiThreadableTaskAttribute : Attribute
{
}
