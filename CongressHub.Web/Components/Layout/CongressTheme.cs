using MudBlazor;

namespace CongressHub.Web.Components.Layout;

public static class CongressTheme
{
    private static readonly string[] Fonts = ["system-ui", "Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei", "sans-serif"];

    /// <summary>A civic red on white, with contrast enough for a hall projector and a phone in daylight.</summary>
    public static readonly MudTheme Theme = new()
    {
        PaletteLight = new PaletteLight
        {
            Primary = "#A61B1B",
            Secondary = "#37474F",
            AppbarBackground = "#A61B1B",
            AppbarText = "#FFFFFF",
            Background = "#F7F5F2",
            DrawerBackground = "#FFFFFF",
            TextSecondary = "rgba(0,0,0,0.70)",
            // Status colours dark enough for 4.5:1 on their own tinted alert and chip backgrounds.
            Success = "#1B5E20",
            Error = "#A3131A",
            Warning = "#6B3F00",
            Info = "#0B4F8A",
        },
        Typography = new Typography
        {
            Default = new DefaultTypography { FontFamily = Fonts },
        },
    };
}
