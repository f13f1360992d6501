using System;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Xunit;

namespace QixGen.Package.Tests;

/// <summary>
/// Packs QixGen and QixGen.Testing once for all tests of the collection, with README's pack command, into a
/// temporary local feed. The version is unique to this run (VersionSuffix), so NuGet's global packages folder
/// can never hand a consumer a stale QixGen of the same number; that version is removed from it afterwards.
/// Intermediate files go to a temporary artifacts folder, never into the repository's bin/obj.
/// </summary>
public sealed class PackedFeed : IAsyncLifetime
{
    /// <summary>Bound on one pack, build or publish: generous for a loaded 2-core machine.</summary>
    public static readonly TimeSpan CommandTimeout = TimeSpan.FromMinutes(8);

    public string Root { get; } = Path.Combine(Path.GetTempPath(), "qixgen-consume-" + Guid.NewGuid().ToString("N").Substring(0, 12));

    public string FeedDir => Path.Combine(Root, "feed");

    public string Version { get; private set; } = "";

    public ProcessResult? Pack { get; private set; }

    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, Lazy<Task<object>>> _shared = new();

    /// <summary>Work several tests share (one build of several consumers): done once, by the first test that asks.</summary>
    public async Task<T> SharedAsync<T>(string key, Func<Task<T>> work)
        where T : class =>
        (T)await _shared.GetOrAdd(key, _ => new Lazy<Task<object>>(async () => await work())).Value;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(FeedDir);
        // SemVer: a numeric identifier must not start with 0, so the random part starts with a letter.
        var suffix = "consume." + DateTime.UtcNow.ToString("yyyyMMddHHmmss") + ".r" + Guid.NewGuid().ToString("N").Substring(0, 6);
        Pack = await DotnetCli.RunAsync(TestPaths.RepoRoot, CommandTimeout,
            "pack", Path.Combine(TestPaths.RepoRoot, "QixGen.sln"), "-o", FeedDir,
            "--artifacts-path", Path.Combine(Root, "artifacts"), "-p:VersionSuffix=" + suffix, "-tl:off", "-nodeReuse:false");
        var package = Directory.GetFiles(FeedDir, "QixGen.0.*.nupkg").FirstOrDefault();
        if (package is not null)
        {
            Version = Path.GetFileNameWithoutExtension(package).Substring("QixGen.".Length);
        }
    }

    /// <summary>A fresh folder outside the repository for consumer projects, isolated from any parent MSBuild files.</summary>
    public ConsumerWorkspace CreateWorkspace(string name)
    {
        Assert.True(Pack is { ExitCode: 0 } && Version.Length > 0, "Packing failed: " + Pack);
        return new ConsumerWorkspace(Path.Combine(Root, name), FeedDir, Version);
    }

    public Task DisposeAsync()
    {
        TryDelete(Root);
        var globalPackages = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
            ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        if (Version.Length > 0)
        {
            TryDelete(Path.Combine(globalPackages, "qixgen", Version.ToLowerInvariant()));
            TryDelete(Path.Combine(globalPackages, "qixgen.testing", Version.ToLowerInvariant()));
            TryDelete(Path.Combine(globalPackages, "qixgen.cli", Version.ToLowerInvariant()));
        }

        return Task.CompletedTask;
    }

    private static void TryDelete(string directory)
    {
        try
        {
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
        catch (IOException)
        {
            // Left for the OS to clean: a file still held open must not fail the tests.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}

/// <summary>All tests that need the packed feed share one pack.</summary>
[CollectionDefinition(Name)]
public sealed class PackedFeedCollection : ICollectionFixture<PackedFeed>
{
    public const string Name = "Packed feed";
}
