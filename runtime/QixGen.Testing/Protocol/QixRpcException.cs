using System;

namespace QixGen.Testing.Protocol;

/// <summary>An engine error to answer a request with: <c>{"code":...,"parameter":...,"message":...}</c>.</summary>
internal sealed class QixRpcException : Exception
{
    public QixRpcException(int code, string message, string parameter = "")
        : base(message)
    {
        Code = code;
        Parameter = parameter;
    }

    public int Code { get; }

    public string Parameter { get; }

    public static QixRpcException NotFound(string what) => new QixRpcException(LocErrors.GenericNotFound, "Resource not found", what);

    public static QixRpcException InvalidParameters(string parameter) =>
        new QixRpcException(LocErrors.JsonRpcInvalidParameters, "Invalid method parameter(s)", parameter);

    public static QixRpcException InvalidPath(string path) => new QixRpcException(LocErrors.GenericInvalidPath, "Invalid path", path);
}
