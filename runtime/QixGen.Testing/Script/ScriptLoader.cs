using System;
using System.Collections.Generic;
using System.IO;
using QixGen.Testing.Data;
using QixGen.Testing.Expressions;

namespace QixGen.Testing.Script;

/// <summary>Runs parsed statements: reads the source (inline, file, generated rows) and evaluates the field list per row.</summary>
internal sealed class ScriptLoader
{
    private readonly string? _dataDirectory;
    private readonly Random _random;

    public ScriptLoader(string? dataDirectory, Random? random = null)
    {
        _dataDirectory = dataDirectory;
        _random = random ?? Random.Shared;
    }

    public LoadResult Execute(ScriptStatement statement)
    {
        try
        {
            if (statement.IsVariable)
            {
                var value = statement.IsLet
                    ? ExpressionEvaluator.Text(ExpressionEvaluator.Evaluate(ExpressionParser.Parse(statement.VariableValue), new SourceRowScope(null, null, 0, 0, _random)))
                    : statement.VariableValue.Trim('\'');
                return new LoadResult { VariableName = statement.VariableName, VariableValue = value };
            }

            return new LoadResult { Table = Load(statement) };
        }
        catch (Exception e) when (e is ExpressionException || e is IOException || e is UnauthorizedAccessException || e is ScriptLoadException)
        {
            return new LoadResult { Error = new ScriptError(statement.Line, statement.Text, e.Message) };
        }
    }

    private RawTable Load(ScriptStatement statement)
    {
        RawTable? source = statement.Source switch
        {
            LoadSource.Inline => CsvParser.Parse(statement.Label!, statement.InlineData.Trim('\r', '\n'), statement.Delimiter),
            LoadSource.File => ReadFile(statement),
            _ => null,
        };

        var columns = new List<string>();
        foreach (var field in statement.Fields)
        {
            if (field.Expression is null)
            {
                if (source is null)
                {
                    throw new ScriptLoadException("LOAD * needs a source table (INLINE or FROM).");
                }

                columns.AddRange(source.Columns);
            }
            else
            {
                columns.Add(field.Name);
            }
        }

        var table = new RawTable(statement.Label!, columns);
        var rowCount = source?.Rows.Count ?? statement.GenerateCount;
        for (var r = 0; r < rowCount; r++)
        {
            var scope = new SourceRowScope(source, source?.Rows[r], r + 1, r + 1, _random);
            var row = new CellValue?[columns.Count];
            var c = 0;
            foreach (var field in statement.Fields)
            {
                if (field.Expression is null)
                {
                    foreach (var value in source!.Rows[r])
                    {
                        row[c++] = value;
                    }
                }
                else
                {
                    row[c++] = ExpressionEvaluator.Evaluate(field.Expression, scope);
                }
            }

            table.Rows.Add(row);
        }

        return table;
    }

    private RawTable ReadFile(ScriptStatement statement)
    {
        var path = statement.FilePath;
        if (path.StartsWith("lib://", StringComparison.OrdinalIgnoreCase))
        {
            // lib://Connection/file.csv: the simulator maps every data connection to its data directory.
            var slash = path.IndexOf('/', "lib://".Length);
            path = slash < 0 ? string.Empty : path.Substring(slash + 1);
        }

        if (!Path.IsPathRooted(path))
        {
            path = Path.Combine(_dataDirectory ?? Directory.GetCurrentDirectory(), path);
        }

        if (!File.Exists(path))
        {
            throw new ScriptLoadException($"Cannot open file: '{statement.FilePath}'");
        }

        var text = File.ReadAllText(path);
        if (!statement.EmbeddedLabels)
        {
            var width = text.Split('\n')[0].Split(statement.Delimiter).Length;
            var header = new string[width];
            for (var i = 0; i < width; i++)
            {
                header[i] = "@" + (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
            }

            text = string.Join(statement.Delimiter.ToString(), header) + "\n" + text;
        }

        return CsvParser.Parse(statement.Label!, text, statement.Delimiter);
    }

    /// <summary>A source row during a LOAD: its fields, RecNo() and RowNo().</summary>
    private sealed class SourceRowScope : EvalScope
    {
        private readonly RawTable? _source;
        private readonly CellValue?[]? _row;

        public SourceRowScope(RawTable? source, CellValue?[]? row, int recNo, int rowNo, Random random)
        {
            _source = source;
            _row = row;
            RecNo = recNo;
            RowNo = rowNo;
            Random = random;
        }

        public override int RecNo { get; }

        public override int RowNo { get; }

        public override Random Random { get; }

        public override CellValue? FieldValue(string name)
        {
            if (_source is not null && _row is not null)
            {
                for (var c = 0; c < _source.Columns.Count; c++)
                {
                    if (string.Equals(_source.Columns[c], name, StringComparison.Ordinal))
                    {
                        return _row[c];
                    }
                }
            }

            throw new ScriptLoadException($"Field '{name}' not found");
        }
    }

    private sealed class ScriptLoadException : Exception
    {
        public ScriptLoadException(string message)
            : base(message)
        {
        }
    }
}
