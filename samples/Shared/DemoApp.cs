using QixGen.Testing.Data;

namespace QixGen.Samples;

/// <summary>The app the samples open on the simulator: sales and their regions, associated through Region.</summary>
internal static class DemoApp
{
    public const string Id = "Sales.qvf";

    public static AppBuilder Build() => new AppBuilder(Id)
        .Title("Sales (QixGen simulator)")
        .Table("Sales", new[] { "Region", "Product", "Amount" },
            new object?[] { "Nordic", "Bikes", 120.0 },
            new object?[] { "Nordic", "Helmets", 30.0 },
            new object?[] { "Iberia", "Bikes", 90.0 },
            new object?[] { "Iberia", "Locks", 15.0 },
            new object?[] { "Benelux", "Helmets", 45.0 },
            new object?[] { "Benelux", "Bikes", 75.0 },
            new object?[] { "Nordic", "Locks", 10.0 })
        .Table("Regions", new[] { "Region", "Manager" },
            new object?[] { "Nordic", "Astrid" },
            new object?[] { "Iberia", "Lucia" },
            new object?[] { "Benelux", "Daan" });
}
