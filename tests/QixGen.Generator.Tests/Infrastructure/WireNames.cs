using System;
using System.Reflection;
using System.Text.Json;
using QixGen.Serialization;

namespace QixGen.Generator.Tests;

/// <summary>
/// The wire name of a generated data type's property, found by what the runtime writes (the types carry no
/// attributes): an object with only that property set is written with exactly one key.
/// </summary>
internal static class WireNames
{
    public static string Of(PropertyInfo property, JsonSerializerOptions options)
    {
        var owner = (QixDataObject)Activator.CreateInstance(property.DeclaringType!)!;
        property.SetValue(owner, SampleValue(property.PropertyType));
        using var written = JsonDocument.Parse(JsonSerializer.Serialize(owner, property.DeclaringType!, options));
        foreach (var key in written.RootElement.EnumerateObject())
        {
            return key.Name;
        }

        throw new InvalidOperationException($"{property.DeclaringType!.Name}.{property.Name} was not written");
    }

    /// <summary>The properties a data type declares itself (not the base class's bags).</summary>
    public static PropertyInfo[] DeclaredProperties(Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly);

    private static object SampleValue(Type type)
    {
        var underlying = Nullable.GetUnderlyingType(type) ?? type;
        return underlying == typeof(string) ? "x"
            : underlying == typeof(JsonElement) ? JsonDocument.Parse("1").RootElement.Clone()
            : Activator.CreateInstance(underlying)!;
    }
}
