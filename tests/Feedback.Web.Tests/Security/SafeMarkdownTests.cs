using Feedback.Web.Components.Annotation;

namespace Feedback.Web.Tests.Security;

public sealed class SafeMarkdownTests
{
    [Theory]
    [InlineData("<javascript:alert(1)>")]
    [InlineData("[click](javascript:alert(1))")]
    [InlineData("[click][x]\n\n[x]: javascript:alert(1)")]
    [InlineData("<img src=x onerror=alert(1)>")]
    [InlineData("<script>alert(1)</script>")]
    [InlineData("[x](JaVaScRiPt:alert(1))")]
    [InlineData("[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)")]
    [InlineData("<a href=\"javascript:alert(1)\">x</a>")]
    public void Instructions_WithAScriptPlantedInMarkdown_RenderNothingExecutable(string markdown)
    {
        var html = SafeMarkdown.ToHtml(markdown).Value;
        var document = new AngleSharp.Html.Parser.HtmlParser().ParseDocument($"<body>{html}</body>");

        // Escaped text may still read "javascript:"; what matters is that no element can run it.
        document.QuerySelectorAll("script, img, iframe, object, embed, style").ShouldBeEmpty(html);
        document.All.SelectMany(e => e.Attributes).Where(a => a.Name.StartsWith("on", StringComparison.OrdinalIgnoreCase)).ShouldBeEmpty(html);
        document.QuerySelectorAll("[href]").Select(e => e.GetAttribute("href")!.Trim())
            .ShouldAllBe(href => href.StartsWith("http", StringComparison.OrdinalIgnoreCase) || href.StartsWith("mailto:", StringComparison.OrdinalIgnoreCase) || href.StartsWith('#') || href.StartsWith('/'));
    }

    [Fact]
    public void Instructions_KeepFormattingAndSafeLinks()
    {
        var html = SafeMarkdown.ToHtml("Is this **urgent**? See <https://example.com/guide> and [mail](mailto:team@example.com).").Value;

        html.ShouldContain("<strong>urgent</strong>");
        html.ShouldContain("href=\"https://example.com/guide\"");
        html.ShouldContain("href=\"mailto:team@example.com\"");
        html.ShouldContain("rel=\"noopener noreferrer nofollow\"");
    }
}
