namespace QixGen.Testing.Protocol;

/// <summary>
/// The engine error codes the simulator answers with, numbered as in the 12.2528.0 schema
/// (components.schemas.NxLocalizedErrorCode) and worded as its components.errors messages.
/// </summary>
internal static class LocErrors
{
    public const int GenericNotFound = 2;
    public const int GenericAlreadyExists = 3;
    public const int GenericInvalidPath = 4;
    public const int GenericInvalidParameters = 8;
    public const int GenericAborted = 15;
    public const int AppAlreadyOpen = 1002;
    public const int AppNotFound = 1003;
    public const int AppNotOpen = 1017;
    public const int CalcPagesTooLarge = 7009;
    public const int ReloadInProgress = 11000;
    public const int VariableDuplicateName = 18001;

    /// <summary>JSON-RPC: also what the simulator answers for a method it does not implement.</summary>
    public const int JsonRpcMethodNotFound = -32601;
    public const int JsonRpcInvalidParameters = -32602;
    public const int JsonRpcInvalidRequest = -32600;
    public const int JsonRpcParseError = -32700;
}
