using QixGen.Testing.Data;

namespace QixGen.Testing.Tests.Infrastructure;

/// <summary>Small apps the tests share.</summary>
internal static class TestApps
{
    /// <summary>
    /// Customers(CustomerId, Name, Country) and Orders(OrderId, CustomerId, Amount), associated by CustomerId.
    /// Customer 4 (Denmark) has no orders; order 106 belongs to no known customer.
    /// </summary>
    public static AppBuilder Sales() => new AppBuilder("Sales.qvf")
        .Table("Customers", t => t.Columns("CustomerId", "Name", "Country")
            .Row(1, "Alfa", "Sweden")
            .Row(2, "Beta", "Sweden")
            .Row(3, "Gamma", "Norway")
            .Row(4, "Delta", "Denmark"))
        .Table("Orders", t => t.Columns("OrderId", "CustomerId", "Amount")
            .Row(101, 1, 10)
            .Row(102, 1, 20)
            .Row(103, 2, 5)
            .Row(104, 3, 40)
            .Row(105, 3, 1)
            .Row(106, 9, 7));
}
