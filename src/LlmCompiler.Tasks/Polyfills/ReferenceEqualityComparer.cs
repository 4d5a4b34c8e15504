namespace System.Collections.Generic;

/// <summary>
/// Compares objects by identity, as .NET 5's <c>ReferenceEqualityComparer</c> does. Compiled only into the
/// netstandard2.0 build, which lacks it; the .NET builds use the BCL's.
/// </summary>
internal sealed class ReferenceEqualityComparer : IEqualityComparer<object?>
{
    private ReferenceEqualityComparer()
    {
    }

    public static ReferenceEqualityComparer Instance { get; } = new();

    public new bool Equals(object? x, object? y) => ReferenceEquals(x, y);

    public int GetHashCode(object? obj) => System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(obj!);
}
