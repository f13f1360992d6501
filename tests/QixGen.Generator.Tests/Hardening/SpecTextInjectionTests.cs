using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.Loader;
using System.Text.Json;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Xunit;

namespace QixGen.Generator.Tests.Hardening;

/// <summary>
/// Spec text is untrusted: a description, title, deprecation message or version that ends a C# line or comment
/// must not become code. Each breaker is placed in every spot spec text lands; the output must compile clean and
/// hold no member the spec smuggled in (checked in the syntax trees and by reflection on the built assembly).
/// </summary>
public sealed class SpecTextInjectionTests
{
    private const string Payload = "public static int Injected() { return 42; }";

    public static IEnumerable<object[]> Breakers() => new[]
    {
        "\n", "\r", "\r\n", "\u0085", "\u2028", "\u2029", "*/", "\"", "\\", "<", "&", "\"; } " , "]]>",
    }.Select(b => new object[] { b });

    /// <summary>A spec with <paramref name="text"/> in every place spec text reaches generated code.</summary>
    internal static string SpecWithTextEverywhere(string text)
    {
        var t = JsonSerializer.Serialize(text);
        return $$"""
            {
              "openrpc": "1.0.0",
              "info": { "title": {{t}}, "version": {{t}} },
              "methods": [
                { "name": "Doc.GetThing", "description": {{t}}, "x-qlik-deprecated": true, "x-qlik-deprecation-description": {{t}},
                  "params": [
                    { "name": "qA", "description": {{t}}, "required": true, "schema": { "$ref": "#/components/schemas/Thing" } },
                    { "name": "qB", "description": {{t}}, "schema": { "type": "string" } } ],
                  "result": { "name": "r", "schema": { "type": "object", "properties": {
                    "qReturn": { "description": {{t}}, "$ref": "#/components/schemas/Thing" },
                    "qOther": { "description": {{t}}, "type": "integer" } } } } },
                { "name": "Doc.GetKind", "params": [], "result": { "name": "r", "schema": { "type": "object", "properties": {
                    "qReturn": { "description": {{t}}, "$ref": "#/components/schemas/Kind" } } } } }
              ],
              "components": { "schemas": {
                "Thing": { "type": "object", "description": {{t}}, "x-qlik-deprecated": true, "x-qlik-deprecation-description": {{t}},
                  "properties": { "qName": { "type": "string", "description": {{t}}, "x-qlik-deprecated": true, "x-qlik-deprecation-description": {{t}} } } },
                "Kind": { "type": "string", "description": {{t}}, "oneOf": [
                  { "title": {{t}}, "description": {{t}}, "x-qlik-const": 0 },
                  { "title": "Plain", "description": {{t}}, "x-qlik-const": 1 } ] }
              } }
            }
            """;
    }

    [Theory]
    [MemberData(nameof(Breakers))]
    public void A_breaker_in_any_spec_text_never_becomes_code(string breaker)
    {
        var text = "Identifier." + breaker + Payload + breaker + "/// <summary>x</summary>";
        var run = GeneratorHarness.Run(new[] { new InputFile("/project/hostile.json", SpecWithTextEverywhere(text), Namespace: "Qix.Hostile") });

        Assert.Null(run.Result.Results.Single().Exception);
        var problems = run.Problems;
        Assert.True(problems.Count == 0, GenerationRun.Describe(problems));
        foreach (var tree in run.Output.SyntaxTrees)
        {
            Assert.DoesNotContain(tree.GetRoot().DescendantNodes().OfType<MethodDeclarationSyntax>(), m => m.Identifier.ValueText == "Injected");
        }

        // The spec's text is still there, exactly, where it is data: the version constant and the wire value.
        var assembly = Load(run);
        Assert.DoesNotContain(assembly.GetTypes().SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.Instance | BindingFlags.DeclaredOnly)), m => m.Name == "Injected");
        Assert.Equal(text, assembly.GetType("Qix.Hostile.QixApi")!.GetField("EngineVersion")!.GetValue(null));
    }

    [Fact]
    public void The_issue_example_a_line_separator_in_a_description_adds_no_member()
    {
        var run = GeneratorHarness.Run(new[] { new InputFile("/project/hostile.json", SpecWithTextEverywhere("Identifier.\u2028" + Payload), Namespace: "Qix.Hostile") });
        Assert.True(run.Problems.Count == 0, GenerationRun.Describe(run.Problems));
        var thing = Load(run).GetType("Qix.Hostile.Thing")!;
        Assert.Null(thing.GetMethod("Injected"));
        Assert.Contains("Identifier. public static int Injected()", run.Source("Qix.Hostile.Thing.g.cs"));
    }

    private static Assembly Load(GenerationRun run)
    {
        using var stream = new MemoryStream();
        var emit = run.Output.Emit(stream);
        Assert.True(emit.Success, GenerationRun.Describe(emit.Diagnostics));
        var context = new AssemblyLoadContext("hostile", isCollectible: true);
        context.Resolving += (ctx, name) => name.Name == "QixGen.Runtime" ? ctx.LoadFromAssemblyPath(typeof(QixGen.Objects.QixObject).Assembly.Location) : null;
        stream.Position = 0;
        return context.LoadFromStream(stream);
    }
}
