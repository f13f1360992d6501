using System;
using System.Linq;
using Microsoft.CodeAnalysis;
using Xunit;

namespace QixGen.Generator.Tests.Hardening;

/// <summary>
/// Inputs the generator accepts must compile with zero warnings; clashes are resolved deterministically (and
/// reported as QIX004) and the generator never throws into the compiler. One test per failure class the
/// fuzzer found.
/// </summary>
public sealed class AcceptedCompilesTests
{
    private static GenerationRun Run(string text, string ns = "Qix.Fuzzed") =>
        GeneratorHarness.Run(new[] { new InputFile("/project/fuzzed.json", text, Namespace: ns) });

    private static void AssertCleanAndNoCrash(GenerationRun run)
    {
        Assert.Null(run.Result.Results.Single().Exception);
        Assert.DoesNotContain(run.GeneratorDiagnostics, d => d.Id is "CS8785" or "QIX009");
        var problems = run.GeneratorDiagnostics.Where(d => d.DefaultSeverity == DiagnosticSeverity.Error)
            .Concat(run.Output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning)).ToList();
        Assert.True(problems.Count == 0, GenerationRun.Describe(problems));
    }

    [Fact]
    public void An_enum_without_members_compiles()
    {
        var run = Run("""{"openrpc":"1.0.0","methods":[],"components":{"schemas":{"FuzzEnum":{"oneOf":[]}}}}""");
        AssertCleanAndNoCrash(run);
        Assert.Contains("public readonly partial struct FuzzEnum", run.Source("Qix.Fuzzed.FuzzEnum.g.cs"));
    }

    [Fact]
    public void Type_names_differing_in_case_only_get_distinct_hint_names_instead_of_CS8785()
    {
        var run = Run("""
            {"openrpc":"1.0.0","methods":[],"components":{"schemas":{
              "NxInfo":{"type":"object","properties":{"qId":{"type":"string"}}},
              "nxinfo":{"type":"object","properties":{"qId":{"type":"string"}}},
              "NXINFO":{"type":"string","oneOf":[{"title":"A"}]} }}}
            """);
        AssertCleanAndNoCrash(run);
        var hints = run.Sources.Select(s => s.HintName).Where(h => h.Contains("info", StringComparison.OrdinalIgnoreCase)).OrderBy(h => h, StringComparer.Ordinal).ToList();
        Assert.Equal(3, hints.Count);
        Assert.Equal(3, hints.Distinct(StringComparer.OrdinalIgnoreCase).Count());
        // The all-lower-case name would draw CS8981; type names start upper case.
        Assert.Contains("public partial class Nxinfo", string.Concat(run.Sources.Select(s => s.SourceText.ToString())));
    }

    [Fact]
    public void Two_schemas_with_one_namespace_do_not_crash_the_generator()
    {
        var text = """{"openrpc":"1.0.0","methods":[{"name":"Doc.GetA","params":[]}],"components":{"schemas":{"A":{"type":"object"}}}}""";
        var run = GeneratorHarness.Run(new[]
        {
            new InputFile("/project/one.json", text, Namespace: "Qix.Same"),
            new InputFile("/project/two.json", text, Namespace: "Qix.Same"),
        });

        // Duplicate types are the user's item mistake (reported by C#, or by its own diagnostic); the generator
        // itself must not throw: before, the second file's identical hint names ended the whole generator (CS8785).
        Assert.Null(run.Result.Results.Single().Exception);
        Assert.DoesNotContain(run.GeneratorDiagnostics, d => d.Id is "CS8785" or "QIX009");
        Assert.Equal(run.Sources.Count(), run.Sources.Select(s => s.HintName).Distinct(StringComparer.OrdinalIgnoreCase).Count());
        Assert.Contains(run.Sources, s => s.HintName == "Qix.Same.Doc_2.g.cs");
    }

    [Fact]
    public void Hostile_names_become_valid_identifiers_and_compile()
    {
        var run = Run("""
            {"openrpc":"1.0.0","info":{"version":"1"},"methods":[
              {"name":"doc.X() { } public static int Injected() { return 42; } void Y","params":[
                {"name":"qnameof","required":true,"schema":{"type":"string"}},
                {"name":"qixWriter","schema":{"type":"string"}},
                {"name":"qa1","schema":{"type":"string"}},
                {"name":"q__arglist","schema":{"type":"string"}},
                {"name":"qcancellationToken","required":true,"schema":{"$ref":"#/components/schemas/class"}}],
               "result":{"name":"r","schema":{"type":"object","properties":{
                 "qXResult":{"type":"string"},"qGetType":{"type":"string"},"qreturn":{"$ref":"#/components/schemas/var"}}}}},
              {"name":"doc.ReadX() { } public static int Injected() { return 42; } void Y","params":[]},
              {"name":"AnyObject.Get","params":[]},
              {"name":"Doc.名前","params":[]},
              {"name":"Doc.名前2","params":[]}
            ],"components":{"schemas":{
              "class":{"type":"object","properties":{"qclass":{"type":"string"},"q__arglist":{"type":"string"},"qMemberwiseClone":{"type":"string"}}},
              "var":{"type":"string","oneOf":[{"title":"A"},{"title":"A"},{"title":"a"},{"title":"Normalize"},{"title":"__arglist"},{"title":""},{"title":"x\u2028y"}]},
              "record":{"type":"object","properties":{"qListOfString":{"type":"array","items":{"$ref":"#/components/schemas/ListOfString"}},"qList":{"type":"array","items":{"type":"array","items":{"type":"string"}}}}},
              "ListOfString":{"type":"object","properties":{"Equals":{"type":"string"},"GetHashCode":{"type":"string"}}},
              "Equals":{"type":"string","oneOf":[{"title":"A"}]},
              "GetHashCode":{"type":"object"}
            }}}
            """);
        AssertCleanAndNoCrash(run);
        Assert.Contains(run.GeneratorDiagnostics, d => d.Id == "QIX004");
        var all = string.Concat(run.Sources.Select(s => s.SourceText.ToString()));
        Assert.Contains("public partial class Class", all);
        Assert.Contains("public readonly partial struct Var", all);
        Assert.Contains("public partial class Record", all);
        Assert.DoesNotContain("Injected()", all.Replace("/// ", string.Empty).Split('\n').Where(l => !l.TrimStart().StartsWith("//", StringComparison.Ordinal) && !l.Contains('"')));
    }

    [Fact]
    public void Duplicate_enum_titles_and_constants_compile()
    {
        var run = Run("""
            {"openrpc":"1.0.0","methods":[],"components":{"schemas":{"E":{"type":"string","oneOf":[
              {"title":"A","description":"A_B","x-qlik-const":1},{"title":"A","description":"A_B","x-qlik-const":2},
              {"title":"a_b","x-qlik-const":1},{"title":"AB","description":"a"}]}}}}
            """);
        AssertCleanAndNoCrash(run);
    }

    [Fact]
    public void Many_parameters_with_names_of_generated_locals_compile()
    {
        var parameters = string.Join(",", Enumerable.Range(0, 60).Select(i =>
        {
            var name = i % 3 == 0 ? "a" + i : i % 3 == 1 ? "qixCount" : "P" + i;
            var required = i % 7 == 0 ? "true" : "false";
            var type = i % 2 == 0 ? "string" : "integer";
            return "{\"name\":\"q" + name + "\",\"required\":" + required + ",\"schema\":{\"type\":\"" + type + "\"}}";
        }));
        var outs = "\"result\":{\"name\":\"r\",\"schema\":{\"type\":\"object\",\"properties\":{\"qA\":{\"type\":\"string\"},\"qB\":{\"type\":\"integer\"}}}}";
        var run = Run("{\"openrpc\":\"1.0.0\",\"methods\":[{\"name\":\"Doc.Many\",\"params\":[" + parameters + "]," + outs + "}],\"components\":{\"schemas\":{}}}");
        AssertCleanAndNoCrash(run);
    }
}
