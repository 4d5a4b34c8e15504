using System.ComponentModel;
using System.Text.Json;

namespace LlmCompiler.Runtime.CompilerServices;

/// <summary>What compiled templates and conditions call to read a field of a JSON value (<c>{{r.label}}</c>).</summary>
/// <remarks>
/// The compiler has checked the path against the value's type (a call's outputs, a schema), so a missing field
/// means the value did not have that shape at run time (a skipped step, a failed item): it reads as empty text,
/// as an unset variable does.
/// </remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class Values
{
    /// <summary>Returns a field of a JSON value: a string field as its text, any other value as compact JSON.</summary>
    /// <param name="json">The variable's value, JSON text.</param>
    /// <param name="path">The fields to walk into, outermost first.</param>
    /// <returns>The field's text; empty when the value is not JSON or has no such field, or the field is null.</returns>
    public static string Field(string? json, params string[] path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (string.IsNullOrEmpty(json))
        {
            return string.Empty;
        }

        try
        {
            using var document = JsonDocument.Parse(json);
            var element = document.RootElement;
            foreach (var name in path)
            {
                if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(name, out element))
                {
                    return string.Empty;
                }
            }

            return element.ValueKind switch
            {
                JsonValueKind.String => element.GetString()!,
                JsonValueKind.Null or JsonValueKind.Undefined => string.Empty,
                _ => element.GetRawText(),
            };
        }
        catch (JsonException)
        {
            return string.Empty;
        }
    }
}
