using System.Globalization;
using CongressHub.Domain.Common;
using CongressHub.Domain.Notices;

namespace CongressHub.Web.Notices;

/// <summary>The words the channels add around notices, in Chinese as the notices themselves are rendered.</summary>
public static class NoticeTexts
{
    private static readonly CultureInfo Chinese = CultureInfo.GetCultureInfo("zh-CN");

    /// <summary>A notice's own text, or "您有 N 条通知" for a digest.</summary>
    public static string Subject(OutgoingMessage message) =>
        message.IsDigest ? InChinese(() => DomainText.Get("Notice.DigestSubject", message.Notices.Count)) : message.Notices[0].Text;

    public static string Get(string key, params object?[] args) => InChinese(() => DomainText.Get(key, args));

    public static T InChinese<T>(Func<T> render)
    {
        var previous = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = Chinese;
        try
        {
            return render();
        }
        finally
        {
            CultureInfo.CurrentUICulture = previous;
        }
    }

    /// <summary>At most <paramref name="max"/> characters (text elements, so that no character is cut in half).</summary>
    public static string Cut(string text, int max)
    {
        var info = new StringInfo(text);
        return info.LengthInTextElements <= max ? text : info.SubstringByTextElements(0, max);
    }

    /// <summary>The address the app is opened at, for a digest's one link.</summary>
    public static string Site(NoticeOptions options) => options.SiteUrl.TrimEnd('/') + "/";
}
