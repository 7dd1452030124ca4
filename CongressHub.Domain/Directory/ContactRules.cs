using System.Text.RegularExpressions;

namespace CongressHub.Domain.Directory;

public static partial class ContactRules
{
    /// <summary>A mainland mobile number (11 digits from 1[3-9]) or a landline with area code (0xx-xxxxxxx).</summary>
    public static bool IsValidPhone(string? phone) =>
        string.IsNullOrWhiteSpace(phone) || PhonePattern().IsMatch(Normalize(phone)!);

    public static string? Normalize(string? phone) =>
        string.IsNullOrWhiteSpace(phone) ? null : phone.Trim().Replace(" ", "");

    [GeneratedRegex(@"^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8})$")]
    private static partial Regex PhonePattern();
}
