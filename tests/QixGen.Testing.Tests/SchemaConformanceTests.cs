using System.IO;
using System.Linq;
using System.Text.Json.Nodes;
using QixGen.Testing.Session;
using QixGen.Testing.Tests.Infrastructure;
using Xunit;

namespace QixGen.Testing.Tests;

/// <summary>Every implemented method uses the real schema's parameter names (in order) and out keys.</summary>
public sealed class SchemaConformanceTests
{
    [Fact]
    public void ImplementedMethodsMatchTheSchema()
    {
        var schema = JsonNode.Parse(File.ReadAllText(SharedFiles.Schema))!;
        var methods = schema["methods"]!.AsArray().ToDictionary(m => m!["name"]!.GetValue<string>(), m => m!);
        var checkedCount = 0;
        foreach (var method in MethodRegistry.Instance.All)
        {
            Assert.True(methods.TryGetValue(method.FullName, out var spec), $"{method.FullName} is not in the schema");
            var parameters = spec!["params"]!.AsArray().Select(p => p!["name"]!.GetValue<string>()).ToArray();
            Assert.Equal(parameters, method.Parameters.ToArray());
            var outKeys = (spec["result"]?["schema"]?["properties"] as JsonObject)?.Select(p => p.Key).OrderBy(k => k).ToArray() ?? System.Array.Empty<string>();
            Assert.Equal(outKeys, method.OutKeys.OrderBy(k => k).ToArray());
            checkedCount++;
        }

        Assert.True(checkedCount > 80, $"only {checkedCount} methods");
    }

    [Fact]
    public void ErrorCodesMatchTheSchema()
    {
        var schema = JsonNode.Parse(File.ReadAllText(SharedFiles.Schema))!;
        var codes = schema["components"]!["schemas"]!["NxLocalizedErrorCode"]!["oneOf"]!.AsArray()
            .ToDictionary(c => c!["title"]!.GetValue<string>(), c => c!["x-qlik-const"]!.GetValue<int>());
        Assert.Equal(codes["LOCERR_GENERIC_NOT_FOUND"], Code(Protocol.LocErrors.GenericNotFound));
        Assert.Equal(codes["LOCERR_GENERIC_INVALID_PATH"], Code(Protocol.LocErrors.GenericInvalidPath));
        Assert.Equal(codes["LOCERR_GENERIC_INVALID_PARAMETERS"], Code(Protocol.LocErrors.GenericInvalidParameters));
        Assert.Equal(codes["LOCERR_GENERIC_ABORTED"], Code(Protocol.LocErrors.GenericAborted));
        Assert.Equal(codes["LOCERR_APP_ALREADY_OPEN"], Code(Protocol.LocErrors.AppAlreadyOpen));
        Assert.Equal(codes["LOCERR_APP_NOT_FOUND"], Code(Protocol.LocErrors.AppNotFound));
        Assert.Equal(codes["LOCERR_APP_NOT_OPEN"], Code(Protocol.LocErrors.AppNotOpen));
        Assert.Equal(codes["LOCERR_RELOAD_IN_PROGRESS"], Code(Protocol.LocErrors.ReloadInProgress));
        Assert.Equal(codes["LOCERR_VARIABLE_DUPLICATE_NAME"], Code(Protocol.LocErrors.VariableDuplicateName));
        Assert.Equal(codes["LOCERR_JSON_RPC_METHOD_NOT_FOUND"], Code(Protocol.LocErrors.JsonRpcMethodNotFound));
        Assert.Equal(codes["LOCERR_JSON_RPC_INVALID_PARAMETERS"], Code(Protocol.LocErrors.JsonRpcInvalidParameters));
    }

    /// <summary>Reads a constant through a call, so the schema's value is the expected one.</summary>
    private static int Code(int value) => value;
}
