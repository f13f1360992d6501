using System.Collections.Generic;
using System.Diagnostics;
using System.Text.Json.Nodes;
using QixGen.Testing.Script;

namespace QixGen.Testing.Session;

/// <summary>
/// One request's progress as GetProgress reports it: started/finished, persistent lines (each reported once,
/// as the engine does), the transient line, and script errors.
/// </summary>
internal sealed class ReloadProgress
{
    private readonly object _gate = new object();
    private readonly Stopwatch _watch = Stopwatch.StartNew();
    private readonly List<string> _persistent = new List<string>();
    private readonly List<ScriptError> _errors = new List<ScriptError>();
    private int _delivered;
    private bool _finished;
    private string _transient = string.Empty;

    public void Persistent(string line)
    {
        lock (_gate)
        {
            _persistent.Add(line);
        }
    }

    public void Transient(string line)
    {
        lock (_gate)
        {
            _transient = line;
        }
    }

    public void Fail(ScriptError error)
    {
        lock (_gate)
        {
            _errors.Add(error);
            _persistent.Add("The following error occurred:");
            _persistent.Add(error.Message);
        }
    }

    public void Finish(string line)
    {
        lock (_gate)
        {
            _persistent.Add(line);
            _transient = string.Empty;
            _finished = true;
            _watch.Stop();
        }
    }

    public IReadOnlyList<ScriptError> Errors
    {
        get
        {
            lock (_gate)
            {
                return _errors.ToArray();
            }
        }
    }

    /// <summary>ProgressData with the persistent lines not reported before.</summary>
    public JsonObject Read()
    {
        lock (_gate)
        {
            var fresh = _persistent.GetRange(_delivered, _persistent.Count - _delivered);
            _delivered = _persistent.Count;
            var errors = new JsonArray();
            foreach (var error in _errors)
            {
                errors.Add((JsonNode)new JsonObject
                {
                    ["qErrorString"] = error.Message,
                    ["qLineEnd"] = string.Empty,
                    ["qLine"] = error.Statement,
                    ["qErrorDataCode"] = "EDC_ERROR",
                    ["qMessage"] = new JsonObject
                    {
                        ["qMessageCode"] = error.Reason.StartsWith("Unknown statement", System.StringComparison.Ordinal) ? 11002 : -1,
                        ["qMessageParameters"] = new JsonArray(error.Reason, error.Line),
                    },
                });
            }

            return new JsonObject
            {
                ["qStarted"] = true,
                ["qFinished"] = _finished,
                ["qCompleted"] = 0,
                ["qTotal"] = 0,
                ["qKB"] = 0,
                ["qMillisecs"] = (int)_watch.ElapsedMilliseconds,
                ["qUserInteractionWanted"] = false,
                ["qPersistentProgress"] = string.Join("\n", fresh),
                ["qTransientProgress"] = _transient,
                ["qErrorData"] = errors,
                ["qPersistentProgressMessages"] = new JsonArray(),
            };
        }
    }

    /// <summary>What GetProgress answers for a request that reports no progress.</summary>
    public static JsonObject Idle() => new JsonObject
    {
        ["qStarted"] = false,
        ["qFinished"] = false,
        ["qCompleted"] = 0,
        ["qTotal"] = 0,
        ["qKB"] = 0,
        ["qMillisecs"] = 0,
        ["qUserInteractionWanted"] = false,
        ["qPersistentProgress"] = string.Empty,
        ["qTransientProgress"] = string.Empty,
        ["qErrorData"] = new JsonArray(),
        ["qPersistentProgressMessages"] = new JsonArray(),
    };
}
