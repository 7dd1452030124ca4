using Ganss.Xss;
using Markdig;

namespace CongressHub.Domain.Common;

/// <summary>
/// User-written Markdown to HTML that is safe to put on a page: Markdig with raw HTML disabled, then HtmlSanitizer,
/// which also drops <c>javascript:</c> and other unsafe links.
/// </summary>
public static class Markdown
{
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder()
        .DisableHtml()
        .UsePipeTables()
        .UseAutoLinks()
        .UseEmphasisExtras()
        .UseListExtras()
        .Build();

    private static readonly HtmlSanitizer Sanitizer = CreateSanitizer();

    public static string ToSafeHtml(string? markdown) =>
        string.IsNullOrWhiteSpace(markdown) ? "" : Sanitizer.Sanitize(Markdig.Markdown.ToHtml(markdown, Pipeline));

    /// <summary>User-written Markdown as Markdig's syntax tree, parsed as the pages render it (raw HTML stays text).</summary>
    public static Markdig.Syntax.MarkdownDocument Parse(string? markdown) => Markdig.Markdown.Parse(markdown ?? "", Pipeline);

    /// <summary>The words of user-written Markdown without any markup, collapsed to one line (feeds, page descriptions).</summary>
    public static string ToPlainText(string? markdown) =>
        string.IsNullOrWhiteSpace(markdown) ? "" : string.Join(' ', Markdig.Markdown.ToPlainText(markdown, Pipeline).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    private static HtmlSanitizer CreateSanitizer()
    {
        var sanitizer = new HtmlSanitizer();
        sanitizer.AllowedSchemes.Clear();
        sanitizer.AllowedSchemes.Add("http");
        sanitizer.AllowedSchemes.Add("https");
        sanitizer.AllowedSchemes.Add("mailto");
        sanitizer.AllowedAttributes.Remove("style");
        sanitizer.AllowedTags.Remove("img");
        return sanitizer;
    }
}
