using System.Runtime.CompilerServices;

// In the root namespace so that every folder's code sees the extensions without a using.
namespace LlmCompiler.Tasks;

/// <summary>
/// The two string APIs the compiler uses that netstandard2.0 lacks and the Polyfill package does not supply.
/// Compiled only into the netstandard2.0 build (Visual Studio's MSBuild); the .NET builds call the BCL.
/// </summary>
internal static class StringPolyfills
{
    extension(string)
    {
        /// <summary>Formats an interpolated string with a format provider, as <c>string.Create</c> does on .NET 6+.</summary>
        public static string Create(IFormatProvider? provider, [InterpolatedStringHandlerArgument(nameof(provider))] ref DefaultInterpolatedStringHandler handler) =>
            handler.ToStringAndClear();
    }

    extension(string text)
    {
        /// <summary>Replaces every occurrence of <paramref name="oldValue"/>, found with <paramref name="comparison"/>.</summary>
        public string Replace(string oldValue, string? newValue, StringComparison comparison)
        {
            if (comparison == StringComparison.Ordinal)
            {
                return text.Replace(oldValue, newValue);
            }

            var result = new System.Text.StringBuilder(text.Length);
            var start = 0;
            for (var at = text.IndexOf(oldValue, comparison); at >= 0; at = text.IndexOf(oldValue, start, comparison))
            {
                result.Append(text, start, at - start).Append(newValue);
                start = at + oldValue.Length;
            }

            return result.Append(text, start, text.Length - start).ToString();
        }
    }
}
