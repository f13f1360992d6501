using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using QixGen.Objects;
using QixGen.Raw;

namespace QixGen.Lists;

/// <summary>
/// Typed lists of an app's sheets, stories, master visualizations, fields, master dimensions and measures, variables,
/// bookmarks and current selections, as calls on the app's proxy (the generated <c>Doc</c>, any schema version). Each
/// call creates a session object with the Qlik Sense client's definition, reads its layout and destroys it; the
/// <c>Watch</c> form keeps it live. Safe to call concurrently: each call has its own session object.
/// </summary>
public static class QixAppLists
{
    /// <summary>The items of <paramref name="list"/>, read once (the session object is destroyed after use).</summary>
    /// <typeparam name="TDoc">The generated Doc proxy type.</typeparam>
    /// <typeparam name="TItem">The item type.</typeparam>
    /// <param name="doc">The app (a Doc proxy).</param>
    /// <param name="list">The list, one of <see cref="QixLists"/>.</param>
    /// <param name="cancellationToken">Cancels the calls.</param>
    /// <returns>The items in the engine's order.</returns>
    public static async Task<IReadOnlyList<TItem>> ListAsync<TDoc, TItem>(this TDoc doc, QixListDefinition<TItem> list, CancellationToken cancellationToken = default)
        where TDoc : QixObject, IQixDoc
        where TItem : QixListItem
    {
        var sessionObject = await CreateAsync(doc, list, cancellationToken).ConfigureAwait(false);
        try
        {
            var layout = await QixRawCall.GetLayoutAsync(sessionObject, cancellationToken).ConfigureAwait(false);
            return list.ReadItems(layout);
        }
        finally
        {
            await QixTargets.DestroySessionObjectAsync(doc, sessionObject).ConfigureAwait(false);
        }
    }

    /// <summary>The list kept live: dispose the result to destroy its session object.</summary>
    /// <typeparam name="TDoc">The generated Doc proxy type.</typeparam>
    /// <typeparam name="TItem">The item type.</typeparam>
    /// <param name="doc">The app (a Doc proxy).</param>
    /// <param name="list">The list, one of <see cref="QixLists"/>.</param>
    /// <param name="cancellationToken">Cancels the first read.</param>
    /// <returns>The live list, with its first items read.</returns>
    public static async Task<QixLiveList<TItem>> WatchListAsync<TDoc, TItem>(this TDoc doc, QixListDefinition<TItem> list, CancellationToken cancellationToken = default)
        where TDoc : QixObject, IQixDoc
        where TItem : QixListItem
    {
        var sessionObject = await CreateAsync(doc, list, cancellationToken).ConfigureAwait(false);
        var live = new QixLiveList<TItem>(doc, sessionObject, list);
        try
        {
            await live.RefreshAsync(cancellationToken).ConfigureAwait(false);
            return live;
        }
        catch
        {
            await live.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>The sheets.</summary>
    /// <typeparam name="TDoc">The generated Doc proxy type.</typeparam>
    /// <param name="doc">The app.</param>
    /// <param name="cancellationToken">Cancels the calls.</param>
    /// <returns>The sheets.</returns>
    public static Task<IReadOnlyList<QixSheet>> ListSheetsAsync<TDoc>(this TDoc doc, CancellationToken cancellationToken = default)
        where TDoc : QixObject, IQixDoc => doc.ListAsync(QixLists.Sheets, cancellationToken);

    /// <summary>The stories.</summary>
    /// <typeparam name="TDoc">The generated Doc proxy type.</typeparam>
    /// <param name="doc">The app.</param>
    /// <param name="cancellationToken">Cancels the calls.</param>
    /// <returns>The stories.</returns>
    public static Task<IReadOnlyList<QixStory>> ListStoriesAsync<TDoc>(this TDoc doc, CancellationToken cancellationToken = default)
        where TDoc : QixObject, IQixDoc => doc.ListAsync(QixLists.Stories, cancellationToken);

    /// <summary>The master visualizations.</summary>
    /// <typeparam name="TDoc">The generated Doc proxy type.</typeparam>
    /// <param name="doc">The app.</param>
    /// <param name="cancellationToken">Cancels the calls.</param>
    /// <returns>The master visualizations.</returns>
    public static Task<IReadOnlyList<QixMasterObject>> ListMasterObjectsAsync<TDoc>(this TDoc doc, CancellationToken cancellationToken = default)
        where TDoc : QixObject, IQixDoc => doc.ListAsync(QixLists.MasterObjects, cancellationToken);

    /// <summary>The fields (no system or hidden fields).</summary>
    /// <typeparam name="TDoc">The generated Doc proxy type.</typeparam>
    /// <param name="doc">The app.</param>
    /// <param name="cancellationToken">Cancels the calls.</param>
    /// <returns>The fields.</returns>
    public static Task<IReadOnlyList<QixFieldItem>> ListFieldsAsync<TDoc>(this TDoc doc, CancellationToken cancellationToken = default)
        where TDoc : QixObject, IQixDoc => doc.ListAsync(QixLists.Fields, cancellationToken);

    /// <summary>The master dimensions.</summary>
    /// <typeparam name="TDoc">The generated Doc proxy type.</typeparam>
    /// <param name="doc">The app.</param>
    /// <param name="cancellationToken">Cancels the calls.</param>
    /// <returns>The master dimensions.</returns>
    public static Task<IReadOnlyList<QixDimensionItem>> ListDimensionsAsync<TDoc>(this TDoc doc, CancellationToken cancellationToken = default)
        where TDoc : QixObject, IQixDoc => doc.ListAsync(QixLists.Dimensions, cancellationToken);

    /// <summary>The master measures.</summary>
    /// <typeparam name="TDoc">The generated Doc proxy type.</typeparam>
    /// <param name="doc">The app.</param>
    /// <param name="cancellationToken">Cancels the calls.</param>
    /// <returns>The master measures.</returns>
    public static Task<IReadOnlyList<QixMeasureItem>> ListMeasuresAsync<TDoc>(this TDoc doc, CancellationToken cancellationToken = default)
        where TDoc : QixObject, IQixDoc => doc.ListAsync(QixLists.Measures, cancellationToken);

    /// <summary>The variables (no reserved or configuration variables).</summary>
    /// <typeparam name="TDoc">The generated Doc proxy type.</typeparam>
    /// <param name="doc">The app.</param>
    /// <param name="cancellationToken">Cancels the calls.</param>
    /// <returns>The variables.</returns>
    public static Task<IReadOnlyList<QixVariableItem>> ListVariablesAsync<TDoc>(this TDoc doc, CancellationToken cancellationToken = default)
        where TDoc : QixObject, IQixDoc => doc.ListAsync(QixLists.Variables, cancellationToken);

    /// <summary>The bookmarks.</summary>
    /// <typeparam name="TDoc">The generated Doc proxy type.</typeparam>
    /// <param name="doc">The app.</param>
    /// <param name="cancellationToken">Cancels the calls.</param>
    /// <returns>The bookmarks.</returns>
    public static Task<IReadOnlyList<QixBookmarkItem>> ListBookmarksAsync<TDoc>(this TDoc doc, CancellationToken cancellationToken = default)
        where TDoc : QixObject, IQixDoc => doc.ListAsync(QixLists.Bookmarks, cancellationToken);

    /// <summary>The current selections, one item per field with selected values.</summary>
    /// <typeparam name="TDoc">The generated Doc proxy type.</typeparam>
    /// <param name="doc">The app.</param>
    /// <param name="cancellationToken">Cancels the calls.</param>
    /// <returns>The selections.</returns>
    public static Task<IReadOnlyList<QixSelectionItem>> ListCurrentSelectionsAsync<TDoc>(this TDoc doc, CancellationToken cancellationToken = default)
        where TDoc : QixObject, IQixDoc => doc.ListAsync(QixLists.CurrentSelections, cancellationToken);

    private static Task<QixObject> CreateAsync<TItem>(QixObject doc, QixListDefinition<TItem> list, CancellationToken cancellationToken)
        where TItem : QixListItem
    {
        QixTargets.RequireDoc(doc, nameof(doc));
        if (list is null)
        {
            throw new System.ArgumentNullException(nameof(list));
        }

        return QixRawCall.InvokeForObjectAsync(doc, "CreateSessionObject", w => w.WriteRawValue(list.PropertiesJson, skipInputValidation: true), cancellationToken);
    }
}
