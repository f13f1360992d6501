using System;
using System.Linq;
using QixGen.Cli.Explorer;
using Xunit;

namespace QixGen.Cli.Tests;

/// <summary>Completion of method and parameter names: the shell's (System.CommandLine's [suggest] directive) and the repl's Tab.</summary>
public sealed class CompletionTests
{
    [Fact]
    public void The_suggest_directive_completes_method_names_from_the_schema()
    {
        var lines = Suggest($"call --schema {CliRunner.OpenRpc("12.2528.0")} Doc.GetFie");
        Assert.Contains("Doc.GetField", lines);
        Assert.Contains("Doc.GetFieldDescription", lines);
        Assert.DoesNotContain("Doc.Evaluate", lines);
    }

    [Fact]
    public void The_suggest_directive_completes_parameter_names_of_the_method()
    {
        Assert.Equal(new[] { "qExpression" }, Suggest($"call --schema {CliRunner.OpenRpc("12.2528.0")} Doc.Evaluate q"));
        // What the named release's schema says: 12.1777.0 appended qReason to Global.CancelReload.
        Assert.Equal(new[] { "qReason" }, Suggest($"call --schema {CliRunner.OpenRpc("12.2528.0")} Global.CancelReload q"));
        Assert.Empty(Suggest($"call --schema {CliRunner.OpenRpc("12.1205.0")} Global.CancelReload q"));
    }

    [Fact]
    public void Tab_completes_a_method_name_lists_the_candidates_and_completes_a_parameter_name()
    {
        var names = new[] { "Doc.GetField", "Doc.GetFieldDescription", "Doc.Evaluate" };
        var editor = new LineEditor(prefix => prefix.EndsWith(' ') ? new[] { "qExpression" } : names.Where(n => n.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)), "qix> ");
        Type(editor, "doc.getf");
        editor.Key(Tab);
        Assert.Equal("Doc.GetField", editor.Line); // the common prefix, spelled as the schema does
        var (listed, _) = editor.Key(Tab);
        Assert.Contains("Doc.GetField  Doc.GetFieldDescription", listed);

        editor.Clear();
        Type(editor, "Doc.Ev");
        editor.Key(Tab);
        Assert.Equal("Doc.Evaluate ", editor.Line); // one candidate: filled in, ready for arguments
        Type(editor, "{\"qEx");
        editor.Key(Tab);
        Assert.Equal("Doc.Evaluate {\"qExpression", editor.Line);
        editor.Key(new ConsoleKeyInfo('\b', ConsoleKey.Backspace, false, false, false));
        Assert.Equal("Doc.Evaluate {\"qExpressio", editor.Line);
        Assert.True(editor.Key(new ConsoleKeyInfo('\r', ConsoleKey.Enter, false, false, false)).Done);
    }

    private static readonly ConsoleKeyInfo Tab = new('\t', ConsoleKey.Tab, false, false, false);

    private static void Type(LineEditor editor, string text)
    {
        foreach (var c in text)
        {
            Assert.False(editor.Key(new ConsoleKeyInfo(c, ConsoleKey.A, false, false, false)).Done);
        }
    }

    /// <summary>What dotnet-suggest asks: <c>qixgen [suggest:POSITION] "command line"</c>, one candidate a line.</summary>
    private static string[] Suggest(string line)
    {
        var (code, stdout, stderr) = CliRunner.Run($"[suggest:{line.Length}]", line);
        Assert.True(code == 0, stderr);
        return stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    }
}
