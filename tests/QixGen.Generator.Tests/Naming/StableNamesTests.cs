using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using QixGen.Generator.Model;
using QixGen.Generator.Parsing;
using Xunit;
using Xunit.Abstractions;

namespace QixGen.Generator.Tests.Naming;

/// <summary>
/// docs/naming.md: a C# name depends only on its own spec entry. Across every consecutive pair of real releases, a
/// thing the spec keeps (same wire identity) keeps its C# name.
/// </summary>
public sealed class StableNamesTests(ITestOutputHelper output)
{
    [Fact]
    public void No_CSharp_name_changes_between_consecutive_releases_unless_the_spec_changed_the_thing()
    {
        var releases = TestPaths.AllOpenRpcSchemas()
            .OrderBy(p => Version.Parse(Path.GetFileNameWithoutExtension(p).Substring("engine-rpc-".Length)))
            .ToList();
        Assert.Equal(35, releases.Count);

        var changes = new List<string>();
        Dictionary<string, string>? previous = null;
        string? previousFile = null;
        var compared = 0;
        foreach (var path in releases)
        {
            var names = CSharpNames(path);
            if (previous is not null)
            {
                foreach (var pair in names)
                {
                    if (previous.TryGetValue(pair.Key, out var before))
                    {
                        compared++;
                        if (before != pair.Value)
                        {
                            changes.Add($"{Path.GetFileName(previousFile)} -> {Path.GetFileName(path)}: {pair.Key}: {before} -> {pair.Value}");
                        }
                    }
                }
            }

            previous = names;
            previousFile = path;
        }

        output.WriteLine($"{releases.Count - 1} release pairs, {compared:N0} names compared, {changes.Count} changed");
        foreach (var change in changes.Take(40))
        {
            output.WriteLine(change);
        }

        Assert.True(changes.Count == 0, string.Join(Environment.NewLine, changes.Take(40)));
    }

    [Fact]
    public void An_enum_member_name_ignores_its_siblings_and_its_description()
    {
        var before = EnumNames(("LOCERR_GENERIC_OK", null), ("LOCERR_GENERIC_NOT_SET", null), ("ANALYTICS", "ANALYTICS_USAGE"));
        var after = EnumNames(("LOCERR_GENERIC_OK", null), ("LOCERR_GENERIC_NOT_SET", null), ("ANALYTICS", null), ("NEW_CODE", null));

        Assert.Equal(before["LOCERR_GENERIC_OK"], after["LOCERR_GENERIC_OK"]);
        Assert.Equal(before["LOCERR_GENERIC_NOT_SET"], after["LOCERR_GENERIC_NOT_SET"]);
        Assert.Equal(before["ANALYTICS"], after["ANALYTICS"]);
        Assert.Equal("LocerrGenericOk", after["LOCERR_GENERIC_OK"]);
        Assert.Equal("Analytics", after["ANALYTICS"]);
    }

    private static Dictionary<string, string> EnumNames(params (string Title, string? Description)[] members)
    {
        var oneOf = string.Join(",", members.Select((m, i) =>
            "{\"title\":\"" + m.Title + "\"" + (m.Description is null ? string.Empty : ",\"description\":\"" + m.Description + "\"") + ",\"x-qlik-const\":" + i + "}"));
        var spec = "{\"openrpc\":\"1.2.6\",\"info\":{\"version\":\"1\"},\"methods\":[{\"name\":\"Doc.M\",\"params\":[]}],"
            + "\"components\":{\"schemas\":{\"SomeCode\":{\"oneOf\":[" + oneOf + "]}}}}";
        var model = OpenRpcParser.Parse("/s.json", spec, "Qix.T", Overlay.Empty, null).Model!;
        return model.Enums.Single().Members.ToDictionary(m => m.WireValue, m => m.Name);
    }

    /// <summary>Wire identity -> C# name of every service, method, parameter, result, out value, type, property and enum member.</summary>
    internal static Dictionary<string, string> CSharpNames(string path)
    {
        var model = OpenRpcParser.Parse(path, File.ReadAllText(path), "Qix.Names", Overlay.Empty, null).Model
            ?? throw new InvalidOperationException(path + " did not parse");
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var service in model.Services)
        {
            names["service " + service.WireName] = service.Name;
            foreach (var method in service.Methods)
            {
                var id = service.WireName + "." + method.WireName;
                names["method " + id] = method.Name;
                if (method.ResultTypeName is not null)
                {
                    names["result " + id] = method.ResultTypeName;
                }

                foreach (var parameter in method.Parameters)
                {
                    names["parameter " + id + "(" + parameter.WireName + ")"] = parameter.Name;
                }

                foreach (var outValue in method.Outputs)
                {
                    names["out " + id + " -> " + outValue.WireName] = outValue.PropertyName;
                }
            }
        }

        foreach (var type in model.DataTypes)
        {
            names["type " + type.WireName] = type.Name;
            foreach (var property in type.Properties)
            {
                names["property " + type.WireName + "." + property.WireName] = property.Name;
            }
        }

        foreach (var type in model.Enums)
        {
            names["enum " + type.WireName] = type.Name;
            foreach (var member in type.Members)
            {
                names["member " + type.WireName + "." + member.WireValue] = member.Name;
            }
        }

        return names;
    }
}

