namespace CongressHub.Domain.Common;

/// <summary>The installation's own settings in section <c>Congress</c> that the domain reads: its time zone (<see cref="SessionTime"/>).</summary>
public sealed class CongressOptions : ISettings
{
    public static string Section => "Congress";

    /// <summary><c>Congress:TimeZone</c>: an IANA id (<c>Asia/Shanghai</c>, the default) or a Windows one.</summary>
    public string TimeZone { get; set; } = SessionTime.DefaultZoneId;

    public string? Problem() => SessionTime.Problem(TimeZone);
}
