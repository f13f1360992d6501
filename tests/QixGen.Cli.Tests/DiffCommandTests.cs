using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using Xunit;
using Xunit.Abstractions;

namespace QixGen.Cli.Tests;

/// <summary><c>qixgen diff</c> counts checked against a count this test makes straight from the two specs' JSON.</summary>
public sealed class DiffCommandTests(ITestOutputHelper output)
{
    [Fact]
    public void Diff_12_1205_to_12_2528_counts_match_an_independent_count_of_the_json()
    {
        var (code, stdout, stderr) = CliRunner.Run("diff", CliRunner.OpenRpc("12.1205.0"), CliRunner.OpenRpc("12.2528.0"), "--format", "json");
        Assert.True(code == 0, stderr);
        using var result = JsonDocument.Parse(stdout);
        var reported = result.RootElement.GetProperty("counts").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetInt32());
        var expected = IndependentCounts(Spec.Load(CliRunner.OpenRpc("12.1205.0")), Spec.Load(CliRunner.OpenRpc("12.2528.0")));
        output.WriteLine(string.Join(Environment.NewLine, expected.OrderBy(p => p.Key).Select(p => $"{p.Key}: expected {p.Value}, reported {reported.GetValueOrDefault(p.Key)}")));

        Assert.True(expected.Values.Sum() > 50, "the two releases differ in many ways; a count near zero means the test reads the specs wrongly");
        foreach (var key in expected.Keys.Union(reported.Keys))
        {
            Assert.True(expected.GetValueOrDefault(key) == reported.GetValueOrDefault(key), $"{key}: the JSON says {expected.GetValueOrDefault(key)}, qixgen diff says {reported.GetValueOrDefault(key)}");
        }

        // Each change that removes or retypes something is marked breaking; additions are not.
        foreach (var change in result.RootElement.GetProperty("changes").EnumerateArray())
        {
            var kind = change.GetProperty("kind").GetString();
            var subject = change.GetProperty("subject").GetString();
            var breaking = change.GetProperty("breaking").GetBoolean();
            if (kind == "removed" && subject is "method" or "parameter" or "type" or "property" or "enum" or "enummember")
            {
                Assert.True(breaking, change.ToString());
            }

            if (kind == "added" && subject is "method" or "type" or "property" or "enum" or "enummember")
            {
                Assert.False(breaking, change.ToString());
            }
        }
    }

    [Theory]
    [InlineData("text", "12.1205.0 -> 12.2528.0")]
    [InlineData("markdown", "| change | what | name | detail | breaking |")]
    public void Diff_prints_text_and_markdown(string format, string expected)
    {
        var (code, stdout, stderr) = CliRunner.Run("diff", CliRunner.OpenRpc("12.1205.0"), CliRunner.OpenRpc("12.2528.0"), "--format", format);
        Assert.True(code == 0, stderr);
        Assert.Contains(expected, stdout);
        Assert.Contains("GenericObject.StepCycle", stdout); // a method 12.2528.0 added
    }

    [Fact]
    public void Diff_of_two_enigmajs_releases_shows_methods_of_the_newer()
    {
        var (code, stdout, stderr) = CliRunner.Run("diff", CliRunner.Enigma("3.2"), CliRunner.Enigma("12.2027.0"));
        Assert.True(code == 0, stderr);
        Assert.Contains("3.2 -> 12.2027.0", stdout);
        Assert.Contains("+ method", stdout);
    }

    /// <summary>Counts per "subject.kind", by the same definitions qixgen documents, computed from the raw JSON.</summary>
    private static Dictionary<string, int> IndependentCounts(Spec old, Spec now)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        void Count(string key, int n)
        {
            if (n > 0)
            {
                counts[key] = counts.GetValueOrDefault(key) + n;
            }
        }

        void Deprecation(bool before, bool after)
        {
            if (before != after)
            {
                Count(after ? "deprecation.added" : "deprecation.removed", 1);
            }
        }

        Count("method.added", now.Methods.Keys.Except(old.Methods.Keys).Count());
        Count("method.removed", old.Methods.Keys.Except(now.Methods.Keys).Count());
        foreach (var name in old.Methods.Keys.Intersect(now.Methods.Keys))
        {
            var (before, after) = (old.Methods[name], now.Methods[name]);
            var oldParams = With(old, () => Params(before));
            var newParams = With(now, () => Params(after));
            Count("parameter.added", newParams.Keys.Except(oldParams.Keys).Count());
            Count("parameter.removed", oldParams.Keys.Except(newParams.Keys).Count());
            Count("parameter.changed", oldParams.Keys.Intersect(newParams.Keys).Count(p => oldParams[p] != newParams[p]));
            if (With(old, () => Outs(before)) != With(now, () => Outs(after)))
            {
                Count("result.changed", 1);
            }

            Deprecation(Deprecated(before), Deprecated(after));
        }

        Count("type.added", now.Objects.Keys.Except(old.Objects.Keys).Count());
        Count("type.removed", old.Objects.Keys.Except(now.Objects.Keys).Count());
        foreach (var name in old.Objects.Keys.Intersect(now.Objects.Keys))
        {
            var oldProps = Properties(old.Objects[name]);
            var newProps = Properties(now.Objects[name]);
            Count("property.added", newProps.Keys.Except(oldProps.Keys).Count());
            Count("property.removed", oldProps.Keys.Except(newProps.Keys).Count());
            foreach (var p in oldProps.Keys.Intersect(newProps.Keys))
            {
                if (With(old, () => Sig(oldProps[p])) != With(now, () => Sig(newProps[p])))
                {
                    Count("property.changed", 1);
                }

                Deprecation(Deprecated(oldProps[p]), Deprecated(newProps[p]));
            }

            Deprecation(Deprecated(old.Objects[name]), Deprecated(now.Objects[name]));
        }

        Count("enum.added", now.Enums.Keys.Except(old.Enums.Keys).Count());
        Count("enum.removed", old.Enums.Keys.Except(now.Enums.Keys).Count());
        foreach (var name in old.Enums.Keys.Intersect(now.Enums.Keys))
        {
            var oldMembers = Titles(old.Enums[name]);
            var newMembers = Titles(now.Enums[name]);
            Count("enummember.added", newMembers.Except(oldMembers).Count());
            Count("enummember.removed", oldMembers.Except(newMembers).Count());
            Deprecation(Deprecated(old.Enums[name]), Deprecated(now.Enums[name]));
        }

        return counts;
    }

    // The spec whose aliases Sig follows (old while reading old nodes, new for new ones).
    [ThreadStatic]
    private static Spec? s_current;

    private static T With<T>(Spec spec, Func<T> read)
    {
        s_current = spec;
        return read();
    }

    private static bool Deprecated(JsonElement node) => node.TryGetProperty("x-qlik-deprecated", out var d) && d.ValueKind == JsonValueKind.True;

    private static Dictionary<string, string> Params(JsonElement method) =>
        method.TryGetProperty("params", out var ps)
            ? ps.EnumerateArray().ToDictionary(
                p => p.GetProperty("name").GetString()!,
                p => Sig(p.GetProperty("schema")) + (p.TryGetProperty("required", out var r) && r.ValueKind == JsonValueKind.True ? "!" : "?"))
            : new Dictionary<string, string>();

    private static string Outs(JsonElement method) =>
        method.TryGetProperty("result", out var result) && result.TryGetProperty("schema", out var schema) && schema.TryGetProperty("properties", out var props)
            ? string.Join(",", props.EnumerateObject().Select(p => p.Name + ":" + Sig(p.Value)))
            : string.Empty;

    private static Dictionary<string, JsonElement> Properties(JsonElement type)
    {
        var result = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        if (type.TryGetProperty("properties", out var props))
        {
            foreach (var p in props.EnumerateObject())
            {
                result.TryAdd(p.Name, p.Value);
            }
        }

        if (type.TryGetProperty("additionalProperties", out var additional) && additional.ValueKind == JsonValueKind.Object && additional.TryGetProperty("anyOf", out var anyOf))
        {
            foreach (var option in anyOf.EnumerateArray())
            {
                if (option.TryGetProperty("name", out var n) && option.TryGetProperty("schema", out var s))
                {
                    result.TryAdd(n.GetString()!, s);
                }
            }
        }

        return result;
    }

    private static HashSet<string> Titles(JsonElement @enum) =>
        @enum.GetProperty("oneOf").EnumerateArray().Where(m => m.TryGetProperty("title", out _)).Select(m => m.GetProperty("title").GetString()!).ToHashSet();

    /// <summary>A type signature: a named object or enum, or type/format with array items; aliases (named arrays and primitives) are followed.</summary>
    private static string Sig(JsonElement schema)
    {
        if (schema.TryGetProperty("$ref", out var r))
        {
            var target = r.GetString()!.Substring("#/components/schemas/".Length);
            return s_current!.Objects.ContainsKey(target) || s_current.Enums.ContainsKey(target) || target == "JsonObject" || !s_current.All.TryGetValue(target, out var alias)
                ? target
                : Sig(alias);
        }

        var type = schema.TryGetProperty("type", out var t) ? t.GetString() : "any";
        var format = schema.TryGetProperty("format", out var f) ? "/" + f.GetString() : string.Empty;
        return type == "array" && schema.TryGetProperty("items", out var items) ? Sig(items) + "[]" : type + format;
    }

    private sealed record Spec(Dictionary<string, JsonElement> Methods, Dictionary<string, JsonElement> Objects, Dictionary<string, JsonElement> Enums, Dictionary<string, JsonElement> All)
    {
        private static readonly string[] s_inlineTypes = { "array", "string", "integer", "number", "boolean" };

        public static Spec Load(string path)
        {
            var root = JsonDocument.Parse(File.ReadAllText(path)).RootElement;
            var methods = root.GetProperty("methods").EnumerateArray().ToDictionary(m => m.GetProperty("name").GetString()!, m => m);
            var objects = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
            var enums = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
            var all = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
            foreach (var schema in root.GetProperty("components").GetProperty("schemas").EnumerateObject())
            {
                all[schema.Name] = schema.Value;
                if (schema.Value.TryGetProperty("oneOf", out _))
                {
                    enums[schema.Name] = schema.Value;
                }
                else if (schema.Name != "JsonObject" && !(schema.Value.TryGetProperty("type", out var type) && s_inlineTypes.Contains(type.GetString())))
                {
                    objects[schema.Name] = schema.Value;
                }
            }

            return new Spec(methods, objects, enums, all);
        }
    }
}
