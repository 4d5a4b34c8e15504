using Scriban.Runtime;

namespace LlmCompiler.Tasks.Emit.Models;

/// <summary>Helpers the models share to build their <see cref="ScriptObject"/> trees.</summary>
internal static class ScriptModels
{
    public static ScriptArray Array<T>(IReadOnlyList<T> items, Func<T, object> map)
    {
        var array = new ScriptArray(items.Count);
        foreach (var item in items)
        {
            array.Add(map(item));
        }

        return array;
    }
}
