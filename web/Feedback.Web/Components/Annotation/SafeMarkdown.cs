using Ganss.Xss;
using Markdig;
using Microsoft.AspNetCore.Components;

namespace Feedback.Web.Components.Annotation;

/// <summary>Markdown for instructions written by project owners. Markdig renders with raw HTML disabled; the output
/// then goes through HtmlSanitizer, which keeps only a small set of formatting elements and links whose scheme is
/// http, https or mailto. Sanitizing the rendered HTML (not only the Markdown tree) also covers autolinks such as
/// <c>&lt;javascript:alert(1)&gt;</c>, reference links and anything a future Markdown extension may emit.</summary>
internal static class SafeMarkdown
{
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder().UseEmphasisExtras().UsePipeTables().DisableHtml().Build();

    private static readonly HtmlSanitizer Sanitizer = CreateSanitizer();

    public static MarkupString ToHtml(string? markdown) =>
        new(Sanitizer.Sanitize(Markdown.ToHtml(markdown ?? string.Empty, Pipeline)));

    private static HtmlSanitizer CreateSanitizer()
    {
        var sanitizer = new HtmlSanitizer(new HtmlSanitizerOptions
        {
            AllowedTags = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
            {
                "p", "br", "hr", "em", "strong", "del", "ins", "mark", "sub", "sup", "code", "pre", "blockquote",
                "ul", "ol", "li", "a", "h1", "h2", "h3", "h4", "h5", "h6", "table", "thead", "tbody", "tr", "th", "td",
            },
            AllowedAttributes = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "href", "title", "align" },
            AllowedSchemes = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "http", "https", "mailto" },
            UriAttributes = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "href" },
        });
        // Links leave the annotator's page without handing it the opener or the referrer.
        sanitizer.PostProcessNode += (_, e) =>
        {
            if (e.Node is AngleSharp.Dom.IElement { LocalName: "a" } link)
            {
                link.SetAttribute("rel", "noopener noreferrer nofollow");
            }
        };
        sanitizer.AllowedAttributes.Add("rel");
        return sanitizer;
    }
}
