using CongressHub.Domain.Common;

namespace CongressHub.Domain.Seeding;

/// <summary><c>Demo:Seed</c>: whether an empty database gets the demo city (true by default; false for a real installation).</summary>
public sealed class DemoOptions : ISettings
{
    public static string Section => "Demo";

    public bool Seed { get; set; } = true;

    public string? Problem() => null;
}

/// <summary><c>Admin:InitialPassword</c>: without the demo, the password of the first city admin <c>admin</c>; none by default.</summary>
public sealed class AdminOptions : ISettings
{
    public static string Section => "Admin";

    public string? InitialPassword { get; set; }

    /// <summary>The rules every password follows (DependencyInjection's Identity options); the value is never repeated.</summary>
    public string? Problem() =>
        InitialPassword is not { } password || (password.Length >= 8 && password.Any(char.IsDigit) && password.Any(char.IsLower) && password.Any(char.IsUpper)) ? null
        : $"{Settings.Name("Admin:InitialPassword")} breaks the password rules: set it to at least 8 characters, with an upper-case letter, a lower-case letter and a digit.";
}
