using System;
using System.Diagnostics;
using System.IO;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Xunit;
using Xunit.Abstractions;

namespace QixGen.Cli.Tests;

/// <summary>
/// <c>qixgen serve</c> as a process: a WebSocket client opens the CSV app and evaluates an expression, then SIGTERM
/// ends the server cleanly (exit code 0, "stopped"). Bounds are tens of seconds: only "it did not hang".
/// </summary>
public sealed class ServeCommandTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);

    [PosixFact]
    public async Task Serve_answers_a_websocket_client_and_ends_cleanly_on_SIGTERM()
    {
        using var timeout = new CancellationTokenSource(Bound);
        await using var server = await ServeProcess.StartAsync(output, timeout.Token);
        using (var socket = new ClientWebSocket())
        {
            await socket.ConnectAsync(server.Url, timeout.Token);
            await ReceiveAsync(socket, timeout.Token); // OnConnected
            await SendAsync(socket, """{"jsonrpc":"2.0","id":1,"method":"OpenDoc","handle":-1,"params":["Sales.qvf"]}""", timeout.Token);
            var doc = (await ReceiveAsync(socket, timeout.Token)).GetProperty("result").GetProperty("qReturn").GetProperty("qHandle").GetInt32();
            await SendAsync(socket, "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"Evaluate\",\"handle\":" + doc + ",\"params\":{\"qExpression\":\"Sum(Amount)\"}}", timeout.Token);
            Assert.Equal("43", (await ReceiveAsync(socket, timeout.Token)).GetProperty("result").GetProperty("qReturn").GetString());
            await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, timeout.Token);
        }

        await server.StopAsync("TERM", timeout.Token);
    }

    [EnigmaJsSigIntFact]
    public async Task Serve_answers_enigma_js_and_ends_cleanly_on_SIGINT()
    {
        using var timeout = new CancellationTokenSource(Bound);
        await using var server = await ServeProcess.StartAsync(output, timeout.Token);
        var info = new ProcessStartInfo(EnigmaJs.Node!) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(EnigmaJs.Script("serve-client.js"));
        info.ArgumentList.Add(server.Url.ToString());
        info.ArgumentList.Add("Sales.qvf");
        info.Environment["NODE_PATH"] = EnigmaJs.NodeModules;
        using var node = Process.Start(info)!;
        try
        {
            var stdout = node.StandardOutput.ReadToEndAsync(timeout.Token);
            var stderr = node.StandardError.ReadToEndAsync(timeout.Token);
            await node.WaitForExitAsync(timeout.Token);
            output.WriteLine("enigma.js: " + await stdout + await stderr);
            Assert.True(node.ExitCode == 0, "enigma.js failed: " + await stderr);
            using var seen = JsonDocument.Parse(await stdout);
            Assert.Equal("43", seen.RootElement.GetProperty("sum").GetString());
            Assert.False(string.IsNullOrEmpty(seen.RootElement.GetProperty("version").GetString()));
            Assert.Equal("""[["Sweden","11"],["Norway","32"]]""", seen.RootElement.GetProperty("before").GetRawText()); // load order
            Assert.Equal("""[["Norway","32"]]""", seen.RootElement.GetProperty("after").GetRawText());
        }
        finally
        {
            if (!node.HasExited)
            {
                node.Kill(entireProcessTree: true);
            }
        }

        await server.StopAsync("INT", timeout.Token);
    }

    [Fact]
    public void Serve_without_data_is_a_one_line_mistake()
    {
        var (code, _, stderr) = CliRunner.Run("serve");
        Assert.Equal(2, code);
        Assert.Contains("--csv", stderr);
    }

    private static Task SendAsync(ClientWebSocket socket, string text, CancellationToken cancellationToken) =>
        socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, true, cancellationToken);

    private static async Task<JsonElement> ReceiveAsync(ClientWebSocket socket, CancellationToken cancellationToken)
    {
        var buffer = new byte[1 << 16];
        var length = 0;
        while (true)
        {
            var result = await socket.ReceiveAsync(buffer.AsMemory(length), cancellationToken);
            length += result.Count;
            if (result.EndOfMessage)
            {
                return JsonDocument.Parse(buffer.AsMemory(0, length)).RootElement.Clone();
            }
        }
    }
}

/// <summary><c>qixgen serve --csv</c> as a process with a three-row Sales app, stopped by a signal.</summary>
internal sealed class ServeProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _csv;
    private readonly ITestOutputHelper _output;

    private ServeProcess(Process process, string csv, Uri url, ITestOutputHelper output) => (_process, _csv, Url, _output) = (process, csv, url, output);

    /// <summary>The app URL serve printed (ws://127.0.0.1:PORT/app/Sales.qvf).</summary>
    public Uri Url { get; }

    public static async Task<ServeProcess> StartAsync(ITestOutputHelper output, CancellationToken cancellationToken)
    {
        var csv = Path.Combine(Path.GetTempPath(), "qixgen-serve-" + Guid.NewGuid().ToString("N") + ".csv");
        File.WriteAllText(csv, "Country,Amount\nSweden,10\nNorway,32\nSweden,1\n");
        var process = CliRunner.StartProcess("serve", "--csv", csv, "--app", "Sales.qvf");
        var first = await process.StandardOutput.ReadLineAsync(cancellationToken) ?? throw new Xunit.Sdk.XunitException("serve printed nothing: " + await process.StandardError.ReadToEndAsync(cancellationToken));
        output.WriteLine(first);
        var url = new Uri(first.Substring(first.IndexOf("ws://", StringComparison.Ordinal)).Split(' ')[0]);
        return new ServeProcess(process, csv, url, output);
    }

    /// <summary>Sends SIGTERM or SIGINT and checks the documented clean end: exit code 0, "stopped", the port free again.</summary>
    public async Task StopAsync(string signal, CancellationToken cancellationToken)
    {
        using (var kill = Process.Start("kill", new[] { "-" + signal, _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture) }))
        {
            await kill.WaitForExitAsync(cancellationToken);
        }

        try
        {
            await _process.WaitForExitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            // Say how far the shutdown got (stdout has "stopping" once the signal was seen) before failing.
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync(CancellationToken.None);
            throw new Xunit.Sdk.XunitException($"serve did not end within the bound after SIG{signal}; its output after the URL: "
                + await _process.StandardOutput.ReadToEndAsync(CancellationToken.None) + await _process.StandardError.ReadToEndAsync(CancellationToken.None));
        }

        var rest = await _process.StandardOutput.ReadToEndAsync(cancellationToken);
        _output.WriteLine(rest + await _process.StandardError.ReadToEndAsync(cancellationToken));
        Assert.Equal(0, _process.ExitCode);
        Assert.Contains("qixgen serve: stopped", rest);

        // The port is released: a listener can take it at once.
        var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, Url.Port);
        listener.Start();
        listener.Stop();
    }

    public ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        _process.Dispose();
        File.Delete(_csv);
        return ValueTask.CompletedTask;
    }
}

/// <summary>A fact that needs POSIX signals (SIGTERM): skipped on Windows, where Ctrl+C takes the same code path.</summary>
public sealed class PosixFactAttribute : FactAttribute
{
    public PosixFactAttribute()
    {
        if (OperatingSystem.IsWindows())
        {
            Skip = "SIGTERM is a POSIX signal";
        }
    }
}
