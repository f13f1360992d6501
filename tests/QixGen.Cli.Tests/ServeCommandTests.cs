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
        var csv = Path.Combine(Path.GetTempPath(), "qixgen-serve-" + Guid.NewGuid().ToString("N") + ".csv");
        File.WriteAllText(csv, "Country,Amount\nSweden,10\nNorway,32\nSweden,1\n");
        using var process = CliRunner.StartProcess("serve", "--csv", csv, "--app", "Sales.qvf");
        try
        {
            using var timeout = new CancellationTokenSource(Bound);
            var first = await process.StandardOutput.ReadLineAsync(timeout.Token) ?? throw new Xunit.Sdk.XunitException("serve printed nothing: " + await process.StandardError.ReadToEndAsync());
            output.WriteLine(first);
            var url = first.Substring(first.IndexOf("ws://", StringComparison.Ordinal)).Split(' ')[0];

            using (var socket = new ClientWebSocket())
            {
                await socket.ConnectAsync(new Uri(url), timeout.Token);
                await ReceiveAsync(socket, timeout.Token); // OnConnected
                await SendAsync(socket, """{"jsonrpc":"2.0","id":1,"method":"OpenDoc","handle":-1,"params":["Sales.qvf"]}""", timeout.Token);
                var doc = (await ReceiveAsync(socket, timeout.Token)).GetProperty("result").GetProperty("qReturn").GetProperty("qHandle").GetInt32();
                await SendAsync(socket, "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"Evaluate\",\"handle\":" + doc + ",\"params\":{\"qExpression\":\"Sum(Amount)\"}}", timeout.Token);
                Assert.Equal("43", (await ReceiveAsync(socket, timeout.Token)).GetProperty("result").GetProperty("qReturn").GetString());
                await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, timeout.Token);
            }

            using (var kill = Process.Start("kill", new[] { "-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture) }))
            {
                await kill.WaitForExitAsync(timeout.Token);
            }

            await process.WaitForExitAsync(timeout.Token);
            var rest = await process.StandardOutput.ReadToEndAsync(timeout.Token);
            output.WriteLine(rest);
            Assert.Equal(0, process.ExitCode);
            Assert.Contains("qixgen serve: stopped", rest);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }

            File.Delete(csv);
        }
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
