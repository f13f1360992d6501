using System.Collections.Generic;
using System.Text;

namespace QixGen.Testing.Data;

/// <summary>Delimited text with embedded labels (first line), double-quoted cells, "" as an escaped quote.</summary>
internal static class CsvParser
{
    public static RawTable Parse(string name, string text, char delimiter)
    {
        var lines = SplitRecords(text, delimiter);
        if (lines.Count == 0)
        {
            return new RawTable(name, new List<string>());
        }

        var header = lines[0];
        var table = new RawTable(name, header.ConvertAll(h => h.Trim()));
        for (var i = 1; i < lines.Count; i++)
        {
            var record = lines[i];
            if (record.Count == 1 && record[0].Length == 0)
            {
                continue; // blank line
            }

            var row = new CellValue?[header.Count];
            for (var c = 0; c < header.Count && c < record.Count; c++)
            {
                row[c] = record[c].Length == 0 ? null : CellValue.Parse(record[c]);
            }

            table.Rows.Add(row);
        }

        return table;
    }

    private static List<List<string>> SplitRecords(string text, char delimiter)
    {
        var records = new List<List<string>>();
        var record = new List<string>();
        var cell = new StringBuilder();
        var quoted = false;
        var any = false;
        for (var i = 0; i < text.Length; i++)
        {
            var ch = text[i];
            if (quoted)
            {
                if (ch == '"' && i + 1 < text.Length && text[i + 1] == '"')
                {
                    cell.Append('"');
                    i++;
                }
                else if (ch == '"')
                {
                    quoted = false;
                }
                else
                {
                    cell.Append(ch);
                }

                continue;
            }

            if (ch == '"' && cell.ToString().Trim().Length == 0)
            {
                cell.Clear();
                quoted = true;
                any = true;
            }
            else if (ch == delimiter)
            {
                record.Add(cell.ToString().Trim());
                cell.Clear();
                any = true;
            }
            else if (ch == '\n' || ch == '\r')
            {
                if (ch == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
                {
                    i++;
                }

                record.Add(cell.ToString().Trim());
                cell.Clear();
                records.Add(record);
                record = new List<string>();
                any = false;
            }
            else
            {
                cell.Append(ch);
                any = true;
            }
        }

        if (any || cell.Length > 0)
        {
            record.Add(cell.ToString().Trim());
            records.Add(record);
        }

        // Blank lines between records are not data.
        records.RemoveAll(r => r.Count == 1 && r[0].Length == 0);
        return records;
    }
}
