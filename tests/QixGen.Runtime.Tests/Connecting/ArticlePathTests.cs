using System;
using System.Linq;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Qix;
using QixGen.Errors;
using QixGen.Protocol;
using QixGen.Session;
using QixGen.Testing.Data;
using QixGen.Testing.Hosting;
using Xunit;

namespace QixGen.Runtime.Tests.Connecting;

/// <summary>
/// The article's paths against the simulator served on a loopback WebSocket: Qlik Sense Desktop's /app/ (Global
/// only, no authentication), straight to an app, one app per session, and the article's raw request.
/// </summary>
public sealed class ArticlePathTests
{
    /// <summary>"It did not hang", not "it was fast": generous for a machine at load ~30 on 2 cores.</summary>
    private static readonly TimeSpan Bound = TimeSpan.FromMinutes(2);

    /// <summary>The article's request, as it prints it: no "jsonrpc", params an object, "outKey": -1.</summary>
    private const string ArticleGetDocList = """{"handle": -1, "method": "GetDocList", "params": {}, "outKey": -1, "id": 2}""";

    private static async Task<(QixEngineSimulator Simulator, Uri Root)> StartAsync()
    {
        var simulator = new QixEngineSimulator();
        simulator.AddApp(new AppBuilder("Sales.qvf").Title("Sales").Table("Sales", new[] { "Region", "Amount" }, new object?[] { "Nordic", 10.0 }));
        simulator.AddApp(new AppBuilder("3f1c2b7e-0d6a-4b8e-9a51-2c4d6e8f0a1b").Title("Budget").Table("Budget", new[] { "Region", "Plan" }, new object?[] { "Nordic", 20.0 }));
        return (simulator, await simulator.StartWebSocketServerAsync());
    }

    [Fact]
    public async Task Desktop_app_path_without_authentication_lists_the_apps()
    {
        var (simulator, root) = await StartAsync();
        await using var _ = simulator;

        await using var session = await QixSession.ConnectAsync(new QixSessionOptions { Url = new Uri(root, "app/") }, Bound);
        var docs = await session.GetGlobal().GetDocListAsync().WaitAsync(Bound);

        Assert.Equal(new[] { "Budget", "Sales" }, docs.Select(d => d.DocName).OrderBy(n => n, StringComparer.Ordinal));
        Assert.Equal(new[] { "3f1c2b7e-0d6a-4b8e-9a51-2c4d6e8f0a1b", "Sales.qvf" }, docs.Select(d => d.DocId).OrderBy(n => n, StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("Sales.qvf", "Sales.qvf")] // by name
    [InlineData("3f1c2b7e-0d6a-4b8e-9a51-2c4d6e8f0a1b", "3f1c2b7e-0d6a-4b8e-9a51-2c4d6e8f0a1b")] // by GUID
    [InlineData("3f1c2b7e-0d6a-4b8e-9a51-2c4d6e8f0a1b", "Budget")] // the title also finds it
    public async Task Straight_to_an_app_by_name_or_GUID(string pathApp, string openAs)
    {
        var (simulator, root) = await StartAsync();
        await using var _ = simulator;

        await using var session = await QixSession.ConnectAsync(new QixSessionOptions { Url = new Uri(root, "app/" + pathApp) }, Bound);
        var doc = await session.GetGlobal().OpenDocAsync(openAs).WaitAsync(Bound);

        Assert.Equal(pathApp, doc.GenericId);
        Assert.Equal(1, doc.Handle);
    }

    [Fact]
    public async Task A_second_app_on_the_same_session_is_a_typed_error_that_says_to_open_another_session()
    {
        var (simulator, root) = await StartAsync();
        await using var _ = simulator;
        await using var session = await QixSession.ConnectAsync(new QixSessionOptions { Url = new Uri(root, "app/Sales.qvf") }, Bound);
        await session.GetGlobal().OpenDocAsync("Sales.qvf").WaitAsync(Bound);

        var error = await Assert.ThrowsAsync<QixAppAlreadyOpenException>(() => session.GetGlobal().OpenDocAsync("Budget").WaitAsync(Bound));

        Assert.Equal(1002, error.Code);
        Assert.Equal("LOCERR_APP_ALREADY_OPEN", error.CodeName);
        Assert.Equal("App already open", error.EngineMessage);
        Assert.Equal("Budget", error.Parameter);
        Assert.Equal("OpenDoc", error.Method);
        Assert.Contains("open another session", error.Message);
        Assert.True(session.IsOpen); // the session and its first app go on

        // What the message advises works: another session opens the other app.
        await using var second = await QixSession.ConnectAsync(new QixSessionOptions { Url = new Uri(root, "app/3f1c2b7e-0d6a-4b8e-9a51-2c4d6e8f0a1b") }, Bound);
        Assert.Equal("3f1c2b7e-0d6a-4b8e-9a51-2c4d6e8f0a1b", (await second.GetGlobal().OpenDocAsync("Budget").WaitAsync(Bound)).GenericId);
    }

    [Fact]
    public async Task Other_engine_errors_stay_plain_engine_exceptions()
    {
        var (simulator, root) = await StartAsync();
        await using var _ = simulator;
        await using var session = await QixSession.ConnectAsync(new QixSessionOptions { Url = new Uri(root, "app/") }, Bound);

        var error = await Assert.ThrowsAsync<QixEngineException>(() => session.GetGlobal().OpenDocAsync("Atlantis.qvf").WaitAsync(Bound));

        Assert.IsNotType<QixAppAlreadyOpenException>(error);
        Assert.Equal(1003, error.Code);
        Assert.DoesNotContain("another session", error.Message);
    }

    [Fact]
    public async Task The_engine_answer_to_a_second_OpenDoc_is_error_1002_App_already_open_on_the_wire()
    {
        var (simulator, root) = await StartAsync();
        await using var _ = simulator;
        using var socket = await ConnectRawAsync(new Uri(root, "app/"));

        await SendAsync(socket, """{"jsonrpc":"2.0","id":1,"handle":-1,"method":"OpenDoc","params":["Sales.qvf"]}""");
        using var opened = await ReceiveAnswerAsync(socket, 1);
        await SendAsync(socket, """{"jsonrpc":"2.0","id":2,"handle":-1,"method":"OpenDoc","params":["Budget"]}""");
        using var refused = await ReceiveAnswerAsync(socket, 2);

        Assert.Equal("Doc", opened.RootElement.GetProperty("result").GetProperty("qReturn").GetProperty("qType").GetString());
        var error = refused.RootElement.GetProperty("error");
        Assert.Equal(1002, error.GetProperty("code").GetInt32());
        Assert.Equal("App already open", error.GetProperty("message").GetString());
        Assert.Equal("Budget", error.GetProperty("parameter").GetString());
    }

    [Fact]
    public async Task The_articles_raw_request_is_answered_as_the_engine_answers_it_on_the_wire()
    {
        var (simulator, root) = await StartAsync();
        await using var _ = simulator;
        using var socket = await ConnectRawAsync(new Uri(root, "app/"));

        await SendAsync(socket, ArticleGetDocList);
        using var answer = await ReceiveAnswerAsync(socket, 2);
        await SendAsync(socket, """{"jsonrpc":"2.0","id":3,"handle":-1,"method":"GetDocList","params":[]}""");
        using var positional = await ReceiveAnswerAsync(socket, 3);

        var frame = answer.RootElement;
        Assert.Equal("2.0", frame.GetProperty("jsonrpc").GetString()); // the engine answers JSON-RPC 2.0 even when the request left it out
        Assert.Equal(2, frame.GetProperty("id").GetInt32());
        Assert.False(frame.TryGetProperty("error", out var _));
        var result = frame.GetProperty("result");
        Assert.Equal(new[] { "qDocList" }, result.EnumerateObject().Select(p => p.Name)); // outKey -1: the whole result, not one out value
        Assert.Equal(new[] { "Budget", "Sales" }, result.GetProperty("qDocList").EnumerateArray().Select(d => d.GetProperty("qDocName").GetString()).OrderBy(n => n, StringComparer.Ordinal));
        // The same result as the positional form of the call.
        Assert.Equal(positional.RootElement.GetProperty("result").GetRawText(), result.GetRawText());
    }

    [Fact]
    public async Task The_articles_params_object_through_the_raw_call_API()
    {
        var (simulator, root) = await StartAsync();
        await using var _ = simulator;
        await using var session = await QixSession.ConnectAsync(new QixSessionOptions { Url = new Uri(root, "app/") }, Bound);

        var docList = await session.InvokeAsync(new QixRequest(-1, "GetDocList", Encoding.UTF8.GetBytes("{}")), ReadDocNames, CancellationToken.None).WaitAsync(Bound);
        var opened = await session.InvokeAsync(new QixRequest(-1, "OpenDoc", Encoding.UTF8.GetBytes("""{"qDocName":"Sales.qvf"}""")), ReadReturnType, CancellationToken.None).WaitAsync(Bound);

        Assert.Equal(new[] { "Budget", "Sales" }, docList.OrderBy(n => n, StringComparer.Ordinal));
        Assert.Equal("Doc", opened);
    }

    private static string[] ReadDocNames(ref Utf8JsonReader reader, IQixSession session)
    {
        using var result = JsonDocument.ParseValue(ref reader);
        return result.RootElement.GetProperty("qDocList").EnumerateArray().Select(d => d.GetProperty("qDocName").GetString()!).ToArray();
    }

    private static string ReadReturnType(ref Utf8JsonReader reader, IQixSession session)
    {
        using var result = JsonDocument.ParseValue(ref reader);
        return result.RootElement.GetProperty("qReturn").GetProperty("qType").GetString()!;
    }

    /// <summary>A plain ClientWebSocket, as the article's browser code uses, past the engine's OnConnected.</summary>
    private static async Task<ClientWebSocket> ConnectRawAsync(Uri url)
    {
        var socket = new ClientWebSocket();
        using var timeout = new CancellationTokenSource(Bound);
        await socket.ConnectAsync(url, timeout.Token);
        using var greeting = JsonDocument.Parse(await ReceiveTextAsync(socket));
        Assert.Equal("OnConnected", greeting.RootElement.GetProperty("method").GetString());
        return socket;
    }

    private static Task SendAsync(ClientWebSocket socket, string frame) =>
        socket.SendAsync(Encoding.UTF8.GetBytes(frame), WebSocketMessageType.Text, endOfMessage: true, new CancellationTokenSource(Bound).Token);

    /// <summary>The answer to request <paramref name="id"/> (notifications before it are skipped).</summary>
    private static async Task<JsonDocument> ReceiveAnswerAsync(ClientWebSocket socket, int id)
    {
        while (true)
        {
            var frame = JsonDocument.Parse(await ReceiveTextAsync(socket));
            if (frame.RootElement.TryGetProperty("id", out var answered) && answered.GetInt32() == id)
            {
                return frame;
            }

            frame.Dispose();
        }
    }

    private static async Task<string> ReceiveTextAsync(ClientWebSocket socket)
    {
        using var timeout = new CancellationTokenSource(Bound);
        var buffer = new byte[1 << 16];
        var text = new StringBuilder();
        while (true)
        {
            var received = await socket.ReceiveAsync(buffer, timeout.Token);
            Assert.NotEqual(WebSocketMessageType.Close, received.MessageType);
            text.Append(Encoding.UTF8.GetString(buffer, 0, received.Count));
            if (received.EndOfMessage)
            {
                return text.ToString();
            }
        }
    }
}
