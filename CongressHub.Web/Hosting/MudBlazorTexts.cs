using System.Globalization;
using System.Resources;
using Microsoft.Extensions.Localization;
using MudBlazor;

namespace CongressHub.Web.Hosting;

/// <summary>
/// MudBlazor's own texts (the pager, a numeric field's buttons, the pickers, the data grid) in Chinese, from
/// Resources/MudBlazorTexts.resx, whose keys are MudBlazor's <c>LanguageResource</c> keys. MudBlazor ships English
/// only; in English nothing is found here and MudBlazor uses its own.
/// </summary>
public sealed class MudBlazorTexts : MudLocalizer
{
    private static readonly ResourceManager Chinese = new("CongressHub.Web.Resources.MudBlazorTexts", typeof(MudBlazorTexts).Assembly);

    public override LocalizedString this[string key] =>
        CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "zh" && Chinese.GetString(key, CultureInfo.InvariantCulture) is { } text
            ? new LocalizedString(key, text)
            : new LocalizedString(key, key, resourceNotFound: true);
}
