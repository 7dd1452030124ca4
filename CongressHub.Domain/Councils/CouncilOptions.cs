using CongressHub.Domain.Common;

namespace CongressHub.Domain.Councils;

/// <summary>Settings of the community residents' councils (configuration section <c>Councils</c>).</summary>
public sealed class CouncilOptions : ISettings
{
    public static string Section => "Councils";

    /// <summary>
    /// Supports (附议) at which a proposed topic must be taken up or answered publicly by the community (10 by default).
    /// </summary>
    public int SupportsToAnswer { get; set; } = 10;

    public string? Problem() => SupportsToAnswer < 1
        ? Settings.Wrong($"{Section}:{nameof(SupportsToAnswer)}", SupportsToAnswer.ToString(System.Globalization.CultureInfo.InvariantCulture), "a whole number of at least 1")
        : null;
}
