using System;
using System.IO;
using System.Runtime.CompilerServices;
using System.Text;
using DiffPlex.DiffBuilder;
using DiffPlex.DiffBuilder.Model;
using Xunit.Sdk;

namespace QixGen.Generator.Tests;

/// <summary>
/// Snapshot testing of generated code: compares text with <c>Snapshots/NAME.verified.cs</c>. On a mismatch it
/// writes <c>NAME.received.cs</c> beside it and fails with a line diff. Set QIXGEN_ACCEPT_SNAPSHOTS=1 to accept.
/// </summary>
internal static class Snapshot
{
    public const string AcceptVariable = "QIXGEN_ACCEPT_SNAPSHOTS";

    public static void Verify(string name, string actual, [CallerFilePath] string callerFile = "")
    {
        var directory = Path.Combine(Path.GetDirectoryName(callerFile)!, "Snapshots");
        var verifiedPath = Path.Combine(directory, name + ".verified.cs");
        var receivedPath = Path.Combine(directory, name + ".received.cs");
        actual = actual.Replace("\r\n", "\n");
        var expected = File.Exists(verifiedPath) ? File.ReadAllText(verifiedPath).Replace("\r\n", "\n") : null;
        if (expected == actual)
        {
            if (File.Exists(receivedPath)) File.Delete(receivedPath);
            return;
        }

        Directory.CreateDirectory(directory);
        if (Environment.GetEnvironmentVariable(AcceptVariable) == "1")
        {
            File.WriteAllText(verifiedPath, actual, new UTF8Encoding(false));
            if (File.Exists(receivedPath)) File.Delete(receivedPath);
            return;
        }

        File.WriteAllText(receivedPath, actual, new UTF8Encoding(false));
        throw new XunitException(expected is null
            ? $"No snapshot {verifiedPath} yet. Review {receivedPath}, then accept it with {AcceptVariable}=1."
            : $"Snapshot {name} differs (- verified, + received); review {receivedPath}, accept with {AcceptVariable}=1:{Environment.NewLine}{Diff(expected, actual)}");
    }

    public static string Diff(string expected, string actual, int maxLines = 80)
    {
        var model = InlineDiffBuilder.Diff(expected, actual, ignoreWhiteSpace: false);
        var builder = new StringBuilder();
        var shown = 0;
        for (var i = 0; i < model.Lines.Count && shown < maxLines; i++)
        {
            var line = model.Lines[i];
            if (line.Type == ChangeType.Unchanged) continue;
            var prefix = line.Type switch { ChangeType.Deleted => "- ", ChangeType.Inserted => "+ ", _ => "~ " };
            builder.Append(prefix).Append(line.Position?.ToString() ?? "?").Append(": ").AppendLine(line.Text);
            shown++;
        }

        return builder.ToString();
    }
}
