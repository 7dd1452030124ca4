namespace CongressHub.Web.Components.Shared;

/// <summary>One bar of <see cref="SvgBars"/>: its label, its value on the chart's scale, and the value as printed.</summary>
/// <param name="Tone">A CSS class suffix that picks the colour (yes, no, abstain, absent); the label carries the meaning.</param>
public sealed record SvgBar(string Label, double Value, string ValueText, string? Tone = null);

/// <summary>Bars under one optional heading (a department's years, a vote's choices).</summary>
public sealed record SvgBarGroup(string? Heading, IReadOnlyList<SvgBar> Bars);
