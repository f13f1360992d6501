using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading.Tasks;

namespace QixGen.Package.Tests;

/// <summary>
/// A folder outside the repository holding consumer projects copied from Consumers/: empty Directory.Build.props,
/// Directory.Build.targets and Directory.Packages.props stop MSBuild from looking further up, and nuget.config
/// lists only the local feed (QixGen packages) and nuget.org (System.Text.Json and the rest).
/// </summary>
public sealed class ConsumerWorkspace
{
    public ConsumerWorkspace(string root, string feedDir, string version)
    {
        Root = root;
        Version = version;
        Directory.CreateDirectory(root);
        foreach (var name in new[] { "Directory.Build.props", "Directory.Build.targets", "Directory.Packages.props" })
        {
            File.WriteAllText(Path.Combine(root, name), "<Project />\n");
        }

        File.WriteAllText(Path.Combine(root, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
                <add key="local" value="{feedDir}" />
                <add key="nuget.org" value="https://api.nuget.org/v3/index.json" />
              </packageSources>
              <packageSourceMapping>
                <packageSource key="local">
                  <package pattern="QixGen" />
                  <package pattern="QixGen.*" />
                </packageSource>
                <packageSource key="nuget.org">
                  <package pattern="*" />
                </packageSource>
              </packageSourceMapping>
            </configuration>
            """);
    }

    public string Root { get; }

    public string Version { get; }

    /// <summary>
    /// Copies Consumers/{name} in (and Consumers/Shared, which some of them compile), with the given engine
    /// schemas from ../shared beside its project file.
    /// </summary>
    public string AddProject(string name, params string[] releases)
    {
        CopyFolder("Shared");
        var target = CopyFolder(name);

        foreach (var release in releases)
        {
            File.Copy(TestPaths.Schema(release), Path.Combine(target, Path.GetFileName(TestPaths.Schema(release))), overwrite: true);
        }

        return Path.Combine(target, name + ".csproj");
    }

    private string CopyFolder(string name)
    {
        var target = Path.Combine(Root, name);
        Directory.CreateDirectory(target);
        foreach (var file in Directory.GetFiles(Path.Combine(TestPaths.ConsumersDir, name)))
        {
            File.Copy(file, Path.Combine(target, Path.GetFileName(file)), overwrite: true);
        }

        return target;
    }

    /// <summary>One solution file over the given projects, so they restore and build in one command.</summary>
    public string AddSolution(string name, IEnumerable<string> projects)
    {
        var path = Path.Combine(Root, name + ".slnx");
        File.WriteAllText(path, "<Solution>\n" + string.Concat(projects.Select(p => $"  <Project Path=\"{Path.GetRelativePath(Root, p)}\" />\n")) + "</Solution>\n");
        return path;
    }

    public Task<ProcessResult> DotnetAsync(params string[] arguments) =>
        DotnetCli.RunAsync(Root, PackedFeed.CommandTimeout, arguments.Concat(new[] { "-p:QixGenVersion=" + Version, "-tl:off", "-nodeReuse:false" }).ToArray());

    public Task<ProcessResult> RunBuiltAsync(string projectPath, string targetFramework, params string[] arguments)
    {
        var name = Path.GetFileNameWithoutExtension(projectPath);
        var dll = Path.Combine(Path.GetDirectoryName(projectPath)!, "bin", "Debug", targetFramework, name + ".dll");
        // Roll forward: a net8.0 consumer runs on whatever newer runtime this machine has.
        var environment = new Dictionary<string, string> { ["DOTNET_ROLL_FORWARD"] = "Major" };
        return DotnetCli.RunProgramAsync("dotnet", Root, TimeSpan.FromMinutes(2), environment, new[] { dll }.Concat(arguments).ToArray());
    }
}
