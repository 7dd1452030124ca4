using System.Globalization;
using CongressHub.Domain.Common;
using CongressHub.Domain.Sessions;
using CongressHub.Domain.Tracking;
using CongressHub.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace CongressHub.Tests.Common;

/// <summary>Text the system writes is stored as a key with its arguments and read in the reader's language.</summary>
public class SystemTextTests
{
    [Fact]
    public void Render_LabelsTimesDatesAndLists_InTheReadersLanguage()
    {
        var args = SystemText.Args("旧城改造", SystemText.Label("Vote.SecretLabel"), SystemText.Label("Majority.HalfOfCast"), 21, 40);
        var at = SystemText.Args("例会", new DateTime(2026, 12, 2, 6, 0, 0, DateTimeKind.Utc), SystemText.List(["张三 12", "李四 10"]), new DateOnly(2027, 1, 15));

        var zh = In("zh-CN", () => (SystemText.Render("Log.VoteOpened", args), SystemText.Render("Notice.SessionPublished", at)));
        var en = In("en", () => (SystemText.Render("Log.VoteOpened", args), SystemText.Render("Notice.SessionPublished", at)));

        Assert.Equal("开始表决“旧城改造”（无记名，超过投票人数的半数），出席 21 人，全体 40 人", zh.Item1);
        Assert.Equal("Vote opened on “旧城改造” (secret, More than half of the ballots cast); 21 present of 40", en.Item1);
        Assert.Equal("会议通知：例会，2026-12-02 14:00，张三 12、李四 10", zh.Item2);
        Assert.Equal("Session notice: 例会, 2 Dec 2026 14:00, 张三 12, 李四 10", en.Item2);
        Assert.Equal("期限 2027-01-15", In("zh-CN", () => SystemText.Render("Tracking.TaskDue", SystemText.Args(new DateOnly(2027, 1, 15)))));
        Assert.Equal("Due 15 Jan 2027", In("en", () => SystemText.Render("Tracking.TaskDue", SystemText.Args(new DateOnly(2027, 1, 15)))));
        Assert.Contains(@"""key"":""Vote.SecretLabel""", args);
        Assert.Contains(@"""utc"":""2026-12-02T06:00:00.0000000Z""", at);
        Assert.Contains(@"""date"":""2027-01-15""", at);
    }

    [Fact]
    public void Render_WithoutAKey_ShowsTheStoredText()
    {
        Assert.Equal("会议通知：旧的一条", In("en", () => SystemText.Render(null, null, "会议通知：旧的一条")));
    }

    internal static T In<T>(string culture, Func<T> read)
    {
        var (ui, format) = (CultureInfo.CurrentUICulture, CultureInfo.CurrentCulture);
        CultureInfo.CurrentUICulture = CultureInfo.CurrentCulture = new CultureInfo(culture);
        try
        {
            return read();
        }
        finally
        {
            (CultureInfo.CurrentUICulture, CultureInfo.CurrentCulture) = (ui, format);
        }
    }

    internal static async Task<T> InAsync<T>(string culture, Func<Task<T>> read)
    {
        var (ui, format) = (CultureInfo.CurrentUICulture, CultureInfo.CurrentCulture);
        CultureInfo.CurrentUICulture = CultureInfo.CurrentCulture = new CultureInfo(culture);
        try
        {
            return await read();
        }
        finally
        {
            (CultureInfo.CurrentUICulture, CultureInfo.CurrentCulture) = (ui, format);
        }
    }
}
