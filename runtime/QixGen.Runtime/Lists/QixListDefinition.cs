using System;
using System.Collections.Generic;
using System.Text.Json;
using QixGen.Raw;

namespace QixGen.Lists;

/// <summary>
/// A list the Qlik Sense client builds from a session object: the object's properties (e.g. a <c>qAppObjectListDef</c>
/// with its <c>qData</c> paths), where the items are in its layout, and the typed item they become. The instances are
/// in <see cref="QixLists"/>.
/// </summary>
/// <typeparam name="TItem">The item type.</typeparam>
public sealed class QixListDefinition<TItem>
    where TItem : QixListItem
{
    private readonly Func<JsonElement, TItem> _createItem;

    internal QixListDefinition(string name, string propertiesJson, string itemsPath, Func<JsonElement, TItem> createItem)
    {
        Name = name;
        PropertiesJson = propertiesJson;
        ItemsPath = itemsPath;
        _createItem = createItem;
    }

    /// <summary>What the list holds, e.g. <c>sheets</c>.</summary>
    public string Name { get; }

    /// <summary>The session object's properties, as sent to <c>CreateSessionObject</c>.</summary>
    public string PropertiesJson { get; }

    /// <summary>The JSON pointer of the items array in the object's layout, e.g. <c>/qAppObjectList/qItems</c>.</summary>
    public string ItemsPath { get; }

    /// <summary>The items of a layout; an absent array is an empty list.</summary>
    internal IReadOnlyList<TItem> ReadItems(JsonElement layout)
    {
        var items = JsonRead.AtPointer(layout, ItemsPath);
        var list = new List<TItem>();
        if (items.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in items.EnumerateArray())
            {
                list.Add(_createItem(item));
            }
        }

        return list;
    }

    /// <inheritdoc />
    public override string ToString() => Name;
}
