using System;
using QixGen.WireBench.Engine;

namespace QixGen.WireBench.Clients;

/// <summary>
/// What a client reads back from its last answer, as one line the harness compares with the canned answers: the
/// layout's id and grand total, the page's size, first cell and a cell the patches change. (node/wire-client.js
/// writes the same lines.)
/// </summary>
internal static class AnswerCheck
{
    /// <summary>The patched cell a client reads back: the first the page patches change.</summary>
    public static int PatchedRow => CannedAnswers.PatchedRows[0];

    public const int PatchedColumn = CannedAnswers.PatchedColumn;

    public static string Layout(string? id, string? total) => $"qId={id} total={total}";

    public static string Page(int rows, int columns, string? first, string? patched) =>
        $"rows={rows} columns={columns} first={first} patched={patched}";

    /// <summary>Null when <paramref name="check"/> is what a client that decoded (and patched) the answers reads; else why not.</summary>
    public static string? Problem(Scenario scenario, CannedAnswers answers, int idleSessions, string check)
    {
        bool Matches(params string[] expected) => Array.IndexOf(expected, check) >= 0;
        var patched = scenario.Mode == DeltaMode.On;
        var ok = scenario.Workload switch
        {
            Workload.Idle => Matches($"open={idleSessions} handle={CannedAnswers.DocHandle}"),
            Workload.Page => patched
                ? Matches(PageCheck("A"), PageCheck("B"))
                : Matches(PageCheck(null)),
            _ => patched
                ? Matches(Layout(answers.LayoutId, CannedAnswers.PatchedTotals[0]), Layout(answers.LayoutId, CannedAnswers.PatchedTotals[1]))
                : Matches(Layout(answers.LayoutId, answers.LayoutTotal)),
        };
        return ok ? null : $"{scenario}: read \"{check}\", not what the canned engine sent";

        static string PageCheck(string? variant) => Page(CannedAnswers.PageRows, CannedAnswers.PageColumns, CannedAnswers.FirstCellText,
            CannedAnswers.PatchedCellText(PatchedRow, PatchedColumn, variant));
    }
}
