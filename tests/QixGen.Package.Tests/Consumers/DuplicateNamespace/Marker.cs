namespace DuplicateNamespace;

/// <summary>Uses nothing generated: the build must stop at the item mistake alone.</summary>
public static class Marker
{
}
