using System.Text;
using System.Text.Json.Nodes;
using QixGen.Delta;
using Xunit;

namespace QixGen.Runtime.Tests.Delta;

/// <summary>Small helpers shared by the Delta tests: apply patches written as text, compare JSON by value.</summary>
internal static class DeltaTestJson
{
    public static byte[] Utf8(string json) => Encoding.UTF8.GetBytes(json);

    public static string Text(byte[] utf8Json) => Encoding.UTF8.GetString(utf8Json);

    /// <summary>Applies <paramref name="patch"/> to <paramref name="document"/> through the UTF-8 API.</summary>
    public static string Apply(string document, string patch, JsonPointerDialect dialect = JsonPointerDialect.Rfc6901) =>
        Text(JsonPatch.Apply(Utf8(document), Utf8(patch), dialect));

    /// <summary>Asserts two JSON texts are the same JSON value (object member order and number spelling aside).</summary>
    public static void Equal(string expected, string actual)
    {
        var same = JsonNode.DeepEquals(JsonNode.Parse(expected), JsonNode.Parse(actual));
        Assert.True(same, $"Expected JSON {expected}\nbut got       {actual}");
    }

    /// <summary>Asserts the patch fails with a <see cref="JsonPatchException"/> at <paramref name="operationIndex"/>.</summary>
    public static JsonPatchException Fails(string document, string patch, int operationIndex, JsonPointerDialect dialect = JsonPointerDialect.Rfc6901)
    {
        var e = Assert.Throws<JsonPatchException>(() => JsonPatch.Apply(Utf8(document), Utf8(patch), dialect));
        Assert.Equal(operationIndex, e.OperationIndex);
        return e;
    }
}
