using Bunit;
using Feedback.Core.Dashboards;
using Feedback.Core.Models;
using Feedback.Core.Runs;
using Feedback.Web.Components.Dashboards;

namespace Feedback.Web.Tests.Dashboards;

/// <summary>The models grid's sort: read from the URL, toggled by the headers, applied with empty values last.</summary>
public sealed class ModelGridSortTests : BunitContext
{
    private static readonly DateTimeOffset Noon = new(2026, 12, 6, 12, 0, 0, TimeSpan.Zero);

    private static readonly ModelSummary[] Models =
    [
        new("churn", TaskType.Binary, 3, 12.5, 0.2, 0.1, new LastRun(1, 4, RunStatus.Succeeded, RunOutcome.Pushed, Noon)),
        new("abuse", TaskType.Binary, null, 0, null, null, null),
        new("billing", TaskType.Multiclass, 1, 40, 0.5, 0.45, new LastRun(2, 1, RunStatus.Failed, null, Noon.AddHours(-1))),
    ];

    [Theory]
    [InlineData(null, null, ModelColumn.Name, false)]
    [InlineData("traffic", "desc", ModelColumn.Traffic, true)]
    [InlineData("LASTRUN", "asc", ModelColumn.LastRun, false)]
    [InlineData("coverage", "sideways", ModelColumn.Coverage, false)]
    [InlineData("nonsense", "desc", ModelColumn.Name, false)]
    public void Parse_ReadsTheUrl_FallsBackToNameAscending(string? sort, string? dir, ModelColumn column, bool descending) =>
        ModelGridSort.Parse(sort, dir).ShouldBe(new ModelGridSort(column, descending));

    [Fact]
    public void Toggle_FlipsTheSameColumn_StartsFiguresLargestFirst()
    {
        ModelGridSort.Default.Toggle(ModelColumn.Name).ShouldBe(new ModelGridSort(ModelColumn.Name, true));
        ModelGridSort.Default.Toggle(ModelColumn.Traffic).ShouldBe(new ModelGridSort(ModelColumn.Traffic, true));
        new ModelGridSort(ModelColumn.Traffic, true).Toggle(ModelColumn.Traffic).Href("/models").ShouldBe("/models?sort=traffic&dir=asc");
    }

    [Theory]
    [InlineData("name", "asc", "abuse,billing,churn")]
    [InlineData("name", "desc", "churn,billing,abuse")]
    [InlineData("traffic", "desc", "billing,churn,abuse")]
    [InlineData("production", "desc", "churn,billing,abuse")]
    [InlineData("production", "asc", "billing,churn,abuse")]
    [InlineData("feedback", "asc", "churn,billing,abuse")]
    [InlineData("lastrun", "desc", "churn,billing,abuse")]
    public void Apply_Orders_WithModelsLackingTheFigureLast(string sort, string dir, string expected) =>
        string.Join(',', ModelGridSort.Parse(sort, dir).Apply(Models).Select(m => m.Name)).ShouldBe(expected);

    [Fact]
    public void SortHeader_LinksToTheToggledSort_AndShowsTheDirection()
    {
        var header = Render<SortHeader>(p => p
            .Add(c => c.Column, ModelColumn.Traffic)
            .Add(c => c.Title, "Predictions/min")
            .Add(c => c.Current, new ModelGridSort(ModelColumn.Traffic, true)));

        header.Find("a").GetAttribute("href").ShouldBe("/models?sort=traffic&dir=asc");
        header.Find("a").TextContent.ShouldBe("Predictions/min ▼");
        header.Find("th").GetAttribute("aria-sort").ShouldBe("descending");
    }
}
