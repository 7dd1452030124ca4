using System.Globalization;
using System.Resources;

namespace CongressHub.Domain.Common;

/// <summary>
/// Messages the domain gives to people (refusals, validation errors), in the current UI culture:
/// Simplified Chinese by default (the neutral resources), English from Messages.en.resx.
/// </summary>
public static class DomainText
{
    internal static readonly ResourceManager Resources =
        new("CongressHub.Domain.Resources.Messages", typeof(DomainText).Assembly);

    public static string Get(string key, params object?[] args)
    {
        var culture = CultureInfo.CurrentUICulture;
        var format = Resources.GetString(key, culture) ?? key;
        return args.Length == 0 ? format : string.Format(culture, format, args);
    }
}
