namespace QixGen.Apps;

/// <summary>How <see cref="QixAppSessionPool.OpenAsync{TDoc}"/> opens an app.</summary>
public sealed class QixAppOpenOptions
{
    /// <summary>
    /// A separate engine session for the same user, with its own selection state (the <c>/identity/ID</c> of the engine
    /// URL). Null: the user's default session. Opens with the same app id and identity share one socket.
    /// </summary>
    public string? Identity { get; set; }

    /// <summary>Open without loading data (<c>OpenDoc</c> with <c>qNoData</c>: script and objects only, much faster).</summary>
    public bool NoData { get; set; }

    /// <summary>
    /// Survive connection drops: the session suspends instead of closing and resumes by itself
    /// (<see cref="Session.QixSessionOptions.SuspendOnUnexpectedClose"/>), re-opening the app on a new engine session.
    /// </summary>
    public bool ResumeOnDrop { get; set; }
}
