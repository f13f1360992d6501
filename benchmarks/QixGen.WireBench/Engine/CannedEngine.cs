using System;
using System.Collections.Generic;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;

namespace QixGen.WireBench.Engine;

/// <summary>
/// A loopback QIX engine that answers from pre-serialised bytes: a raw socket server (own upgrade and RFC 6455
/// framing) that reads every frame a receive brings and answers them with one gathered send, so it costs far less
/// per call than any client it serves. The URL path picks the delta answers: <c>/app/patches</c> small replace
/// patches after the first add, <c>/app/empty</c> empty patches; a request without <c>delta:true</c> is answered in
/// full. Thread-safety: one task per connection, no shared mutable state.
/// </summary>
internal sealed class CannedEngine : IAsyncDisposable
{
    private readonly Socket _listener;
    private readonly CannedAnswers _answers;
    private readonly CancellationTokenSource _stop = new CancellationTokenSource();
    private readonly Task _acceptLoop;
    private readonly List<Socket> _connections = new List<Socket>();

    private CannedEngine(Socket listener, CannedAnswers answers)
    {
        _listener = listener;
        _answers = answers;
        var port = ((IPEndPoint)listener.LocalEndPoint!).Port;
        Url = $"ws://127.0.0.1:{port}/app/";
        _acceptLoop = Task.Run(AcceptLoopAsync);
    }

    /// <summary>The base URL: append <see cref="PathFor"/>.</summary>
    public string Url { get; }

    public CannedAnswers Answers => _answers;

    /// <summary>Starts listening on 127.0.0.1 on a free port.</summary>
    public static CannedEngine Start(CannedAnswers answers)
    {
        var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(4096);
        return new CannedEngine(listener, answers);
    }

    /// <summary>The URL path of a delta mode: full answers, small patches or empty patches.</summary>
    public static string PathFor(DeltaMode mode) => mode == DeltaMode.Empty ? "empty" : mode == DeltaMode.On ? "patches" : "full";

    public string UrlFor(DeltaMode mode) => Url + PathFor(mode);

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _listener.Dispose();
        lock (_connections)
        {
            foreach (var connection in _connections)
            {
                connection.Dispose();
            }
        }

        try
        {
            await _acceptLoop.WaitAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
        }
        catch (Exception)
        {
            // The listener was closed under the accept: that is how the loop ends.
        }

        _stop.Dispose();
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await _listener.AcceptAsync(_stop.Token).ConfigureAwait(false);
            }
            catch (Exception) when (_stop.IsCancellationRequested)
            {
                return;
            }
            catch (SocketException)
            {
                continue;
            }

            socket.NoDelay = true;
            lock (_connections)
            {
                _connections.Add(socket);
            }

            _ = Task.Run(async () =>
            {
                try
                {
                    await new EngineConnection(socket, _answers).RunAsync(_stop.Token).ConfigureAwait(false);
                }
                catch (Exception) when (_stop.IsCancellationRequested)
                {
                    // Shutting down.
                }
                catch (Exception error) when (error is SocketException or ObjectDisposedException or OperationCanceledException)
                {
                    // A client went away without the close handshake (killed, or timed out): only its connection ends.
                }
                catch (Exception error)
                {
                    Console.Error.WriteLine($"canned engine: a connection failed: {error}");
                }
                finally
                {
                    lock (_connections)
                    {
                        _connections.Remove(socket);
                    }

                    socket.Dispose();
                }
            });
        }
    }
}
