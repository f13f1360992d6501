namespace QixGen.Delta;

/// <summary>How the <c>path</c> and <c>from</c> members of a JSON Patch are read.</summary>
public enum JsonPointerDialect
{
    /// <summary>Exactly RFC 6901: <c>""</c> is the whole document and <c>"/"</c> is the member named <c>""</c>.</summary>
    Rfc6901 = 0,

    /// <summary>
    /// As the Qlik engine writes delta patches: a pointer that is exactly <c>"/"</c> means the whole document
    /// (the engine sends <c>[{"op":"add","path":"/","value":...}]</c> for a first full value); every other
    /// pointer is read as RFC 6901.
    /// </summary>
    QlikEngine = 1,
}
