using System;
using System.Buffers;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.WebSockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace QixGen.Runtime.Tests;

/// <summary>A Kestrel WebSocket server on 127.0.0.1 with a scripted engine side, for transport-level tests.</summary>
internal sealed class WebSocketTestServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private WebSocketTestServer(WebApplication app, Uri url)
    {
        _app = app;
        Url = url;
    }

    public Uri Url { get; }

    public HttpContext? LastContext { get; private set; }

    /// <param name="engine">The engine side of each accepted connection.</param>
    /// <param name="admit">
    /// Sees each upgrade request first: false refuses it with the status it set (401, 404, ...); it may also add
    /// response headers (Set-Cookie) that go out on the 101.
    /// </param>
    /// <param name="https">Configures TLS on the listener (UseHttps): the server is then wss://.</param>
    public static async Task<WebSocketTestServer> StartAsync(Func<ServerSocket, Task> engine, Func<HttpContext, bool>? admit = null, Action<Microsoft.AspNetCore.Server.Kestrel.Core.ListenOptions>? https = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0, listen => https?.Invoke(listen)));
        builder.Logging.ClearProviders();
        var app = builder.Build();
        WebSocketTestServer? server = null;
        app.UseWebSockets();
        app.Run(async context =>
        {
            if (!context.WebSockets.IsWebSocketRequest)
            {
                context.Response.StatusCode = 400;
                return;
            }

            if (admit is not null && !admit(context))
            {
                return;
            }

            server!.LastContext = context;
            using var socket = await context.WebSockets.AcceptWebSocketAsync();
            await engine(new ServerSocket(socket, context));
        });
        await app.StartAsync();
        var http = new Uri(app.Urls.Single());
        server = new WebSocketTestServer(app, new Uri($"{(https is null ? "ws" : "wss")}://127.0.0.1:{http.Port}/app/engineData"));
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        await _app.StopAsync(stop.Token);
        await _app.DisposeAsync();
    }
}

/// <summary>The engine side of one connection.</summary>
internal sealed class ServerSocket(WebSocket socket, HttpContext context)
{
    private readonly SemaphoreSlim _sendLock = new(1, 1);

    public WebSocket Socket { get; } = socket;

    public HttpContext Context { get; } = context;

    /// <summary>The next text message, or null when the client closed.</summary>
    public async Task<string?> ReceiveAsync(CancellationToken cancellationToken = default)
    {
        var buffer = new ArrayBufferWriter<byte>();
        while (true)
        {
            var memory = buffer.GetMemory(8192);
            var result = await Socket.ReceiveAsync(memory, cancellationToken);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                return null;
            }

            buffer.Advance(result.Count);
            if (result.EndOfMessage)
            {
                return Encoding.UTF8.GetString(buffer.WrittenSpan);
            }
        }
    }

    public Task SendAsync(string text) => SendAsync(Encoding.UTF8.GetBytes(text));

    public async Task SendAsync(ReadOnlyMemory<byte> bytes)
    {
        await _sendLock.WaitAsync();
        try
        {
            await Socket.SendAsync(bytes, WebSocketMessageType.Text, true, CancellationToken.None);
        }
        finally
        {
            _sendLock.Release();
        }
    }

    public Task SendConnectedAsync(string state = "SESSION_CREATED") =>
        SendAsync($"{{\"jsonrpc\":\"2.0\",\"method\":\"OnConnected\",\"params\":{{\"qSessionState\":\"{state}\"}}}}");
}
