using System;
using System.Collections.Generic;
using System.IO;
using QixGen.Testing.Script;

namespace QixGen.Testing.Data;

/// <summary>
/// Describes an app for the simulator: tables from code, CSV files, and/or a load script (run when the app is
/// built; the same script subset as <c>Doc.DoReload</c>).
/// </summary>
/// <example>
/// <code>
/// var app = new AppBuilder("Sales.qvf")
///     .Table("Customers", t => t.Columns("CustomerId", "Country").Row(1, "Sweden").Row(2, "Norway"))
///     .Csv("Orders", "orders.csv")
///     .Build();
/// </code>
/// </example>
public sealed class AppBuilder
{
    private readonly List<RawTable> _tables = new List<RawTable>();
    private string _script = string.Empty;
    private string? _dataDirectory;
    private string? _title;

    /// <summary>Starts an app with the id that <c>OpenDoc</c> will take.</summary>
    /// <param name="id">The app id (e.g. <c>Sales.qvf</c> or a GUID).</param>
    public AppBuilder(string id)
    {
        if (string.IsNullOrWhiteSpace(id))
        {
            throw new ArgumentException("An app needs an id.", nameof(id));
        }

        Id = id;
    }

    /// <summary>The app id.</summary>
    public string Id { get; }

    /// <summary>Sets the title (defaults to the id); <c>OpenDoc</c> accepts it too.</summary>
    /// <param name="title">The title.</param>
    /// <returns>This builder.</returns>
    public AppBuilder Title(string title)
    {
        _title = title;
        return this;
    }

    /// <summary>Sets where <c>LOAD ... FROM [file]</c> in this app's script finds relative files.</summary>
    /// <param name="directory">The directory.</param>
    /// <returns>This builder.</returns>
    public AppBuilder DataDirectory(string directory)
    {
        _dataDirectory = directory;
        return this;
    }

    /// <summary>Adds a table built in code.</summary>
    /// <param name="name">The table name.</param>
    /// <param name="build">Adds columns and rows.</param>
    /// <returns>This builder.</returns>
    public AppBuilder Table(string name, Action<TableBuilder> build)
    {
        var table = new TableBuilder(name);
        (build ?? throw new ArgumentNullException(nameof(build)))(table);
        _tables.Add(table.ToRaw());
        return this;
    }

    /// <summary>Adds a table from columns and rows.</summary>
    /// <param name="name">The table name.</param>
    /// <param name="columns">The field names.</param>
    /// <param name="rows">The rows, one value per column.</param>
    /// <returns>This builder.</returns>
    public AppBuilder Table(string name, IReadOnlyList<string> columns, params object?[][] rows)
    {
        var table = new TableBuilder(name);
        table.Columns(new List<string>(columns).ToArray());
        foreach (var row in rows)
        {
            table.Row(row);
        }

        _tables.Add(table.ToRaw());
        return this;
    }

    /// <summary>Adds a table from a delimited text file whose first line holds the field names.</summary>
    /// <param name="name">The table name.</param>
    /// <param name="path">The file.</param>
    /// <param name="delimiter">The delimiter.</param>
    /// <returns>This builder.</returns>
    public AppBuilder Csv(string name, string path, char delimiter = ',')
    {
        _tables.Add(CsvParser.Parse(name, File.ReadAllText(path), delimiter));
        return this;
    }

    /// <summary>Sets the load script, run by <see cref="Build"/> (and again by <c>DoReload</c>).</summary>
    /// <param name="script">The script.</param>
    /// <returns>This builder.</returns>
    public AppBuilder Script(string script)
    {
        _script = script ?? throw new ArgumentNullException(nameof(script));
        return this;
    }

    /// <summary>Builds the app; throws <see cref="InvalidOperationException"/> naming the line when the script fails.</summary>
    /// <returns>The app, ready for <see cref="Hosting.QixEngineSimulator.AddApp(QixApp)"/>.</returns>
    public QixApp Build()
    {
        var tables = new List<RawTable>(_tables);
        if (_script.Trim().Length > 0)
        {
            var statements = ScriptParser.Parse(_script, out var parseError);
            if (parseError is not null)
            {
                throw new InvalidOperationException(parseError.Message);
            }

            var loader = new ScriptLoader(_dataDirectory);
            foreach (var statement in statements)
            {
                var result = loader.Execute(statement);
                if (result.Error is not null)
                {
                    throw new InvalidOperationException(result.Error.Message);
                }

                if (result.Table is not null)
                {
                    tables.Add(result.Table);
                }
            }
        }

        return new QixApp(Id, _title ?? Id, DataModel.Build(tables), _script, _dataDirectory, isSessionApp: false);
    }
}
