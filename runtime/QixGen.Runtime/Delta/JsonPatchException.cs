using QixGen.Errors;

namespace QixGen.Delta;

/// <summary>
/// A JSON Patch (RFC 6902) could not be applied: the patch is malformed, a path does not resolve,
/// an index is out of range, or a <c>test</c> operation failed. The document it was applied to is
/// never left half-modified.
/// </summary>
public class JsonPatchException : QixProtocolException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="operationIndex">The zero-based index of the failing operation, or -1 when the patch as a whole is invalid.</param>
    /// <param name="operation">The failing operation's <c>op</c> (<c>add</c>, <c>remove</c>, ...), when known.</param>
    /// <param name="path">The failing operation's <c>path</c>, when known.</param>
    /// <param name="reason">Why it failed.</param>
    /// <param name="innerException">The cause, if any.</param>
    public JsonPatchException(int operationIndex, string? operation, string? path, string reason, System.Exception? innerException = null)
        : base(FormatMessage(operationIndex, operation, path, reason), innerException)
    {
        OperationIndex = operationIndex;
        Operation = operation;
        Path = path;
        Reason = reason;
    }

    /// <summary>The zero-based index of the failing operation in the patch, or -1 when the patch as a whole is invalid.</summary>
    public int OperationIndex { get; }

    /// <summary>The failing operation's <c>op</c> member, when it was readable.</summary>
    public string? Operation { get; }

    /// <summary>The failing operation's <c>path</c> member, when it was readable.</summary>
    public string? Path { get; }

    /// <summary>Why the operation failed, without the operation's index and path.</summary>
    public string Reason { get; }

    private static string FormatMessage(int operationIndex, string? operation, string? path, string reason)
    {
        if (operationIndex < 0)
        {
            return "Invalid JSON Patch: " + reason;
        }

        var what = operation is null ? "" : path is null ? $" ({operation})" : $" ({operation} \"{path}\")";
        return $"JSON Patch operation {operationIndex}{what} failed: {reason}";
    }
}
