using System.Globalization;
using CongressHub.Domain.Common;

namespace CongressHub.Tests.Common;

/// <summary>Times as people read them (CONTRACTS.md, "Times"): in the installation's zone, one format per culture.</summary>
public class SessionTimeTests
{
    // 22:00 UTC on 1 December is 06:00 on 2 December in China.
    private static readonly DateTime NightUtc = new(2026, 12, 1, 22, 0, 0, DateTimeKind.Utc);

    [Theory]
    [InlineData("zh-CN", "2026-12-02 06:00", "2026-12-02", "2026年12月2日")]
    [InlineData("en", "2 Dec 2026 06:00", "2 Dec 2026", "2 December 2026")]
    public void Formats_ATimeStoredInUtc_InTheInstallationsZone_OneFormatPerCulture(string culture, string dateTime, string date, string formal)
    {
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = new CultureInfo(culture);

        Assert.Equal(dateTime, SessionTime.FormatDateTime(NightUtc));
        Assert.Equal(date, SessionTime.FormatDate(NightUtc));
        Assert.Equal(date, SessionTime.FormatDate(new DateOnly(2026, 12, 2)));
        Assert.Equal(formal, SessionTime.FormatFormalDate(NightUtc));
        Assert.Equal(formal + " 06:00", SessionTime.FormatFormalDateTime(NightUtc));
        Assert.Equal("06:00", SessionTime.FormatTime(NightUtc));
    }

    [Fact]
    public void Formats_ATimeReadBackWithoutItsKind_AsUtc()
    {
        CultureInfo.CurrentCulture = new CultureInfo("zh-CN");

        var unspecified = DateTime.SpecifyKind(NightUtc, DateTimeKind.Unspecified);

        Assert.Equal("2026-12-02 06:00", SessionTime.FormatDateTime(unspecified));
    }

    [Fact]
    public void Iso_ForMachineReadableAttributes_CarriesTheZonesOffset()
    {
        Assert.Equal("2026-12-02T06:00:00+08:00", SessionTime.Iso(NightUtc));
        Assert.Equal(NightUtc, DateTimeOffset.Parse(SessionTime.Iso(NightUtc), CultureInfo.InvariantCulture).UtcDateTime);
    }

    [Fact]
    public void ToUtc_OfATimeEnteredInTheInstallationsZone_IsTheSameMoment()
    {
        Assert.Equal(NightUtc, SessionTime.ToUtc(new DateTime(2026, 12, 2, 6, 0, 0)));
    }

    [Fact]
    public void Configure_WithAnUnknownZone_FailsNamingTheSetting_AndKeepsTheZone()
    {
        var before = SessionTime.Zone;

        var error = Assert.Throws<InvalidOperationException>(() => SessionTime.Configure("Mars/Olympus_Mons"));

        Assert.Contains("Congress:TimeZone", error.Message, StringComparison.Ordinal);
        Assert.Contains("Mars/Olympus_Mons", error.Message, StringComparison.Ordinal);
        Assert.Equal(before.Id, SessionTime.Zone.Id);
    }

    [Fact]
    public void DefaultZone_IsChinaStandardTime_FromItsIanaId()
    {
        Assert.Equal(TimeSpan.FromHours(8), SessionTime.Zone.GetUtcOffset(NightUtc));
        Assert.Equal("Asia/Shanghai", SessionTime.Zone.Id);
    }
}
