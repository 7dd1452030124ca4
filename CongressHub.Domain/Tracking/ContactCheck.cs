using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using CongressHub.Domain.Common;
using CongressHub.Domain.Directory;
using CongressHub.Domain.Notices;

namespace CongressHub.Domain.Tracking;

/// <summary>
/// A code sent to a phone or e-mail address that a resident gave on the public opinion form to be told when their
/// opinion is answered: the resident proves the address is theirs by typing the code back. Only a salted hash of the
/// code is kept; it expires after <see cref="Lifetime"/>, is void after <see cref="MaxAttempts"/> wrong tries, and
/// serves one opinion.
/// </summary>
public sealed partial class ContactCheck
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(10);

    public const int MaxAttempts = 5;

    public const int CodeLength = 6;

    public const int ContactMaxLength = 200;

    private ContactCheck() { }

    public int Id { get; private set; }

    public int StreetId { get; private set; }

    /// <summary>The address as <see cref="Normalize"/> writes it: a mobile number's digits, or an e-mail address in lower case.</summary>
    public string Contact { get; private set; } = "";

    /// <summary>SHA-256 of the code and <see cref="Salt"/>, in hex; never the code.</summary>
    public string CodeHash { get; private set; } = "";

    public string Salt { get; private set; } = "";

    public DateTime CreatedUtc { get; private set; }

    public DateTime ExpiresUtc { get; private set; }

    /// <summary>Wrong codes typed against it; at <see cref="MaxAttempts"/> it is void.</summary>
    public int Attempts { get; private set; }

    /// <summary>When an opinion was stored with it; a used check takes no second opinion.</summary>
    public DateTime? UsedUtc { get; private set; }

    /// <summary>Still takes its code: not used, not expired, not void.</summary>
    public bool IsLive(DateTime nowUtc) => UsedUtc is null && ExpiresUtc > nowUtc && Attempts < MaxAttempts;

    /// <summary>A new check for <paramref name="contact"/> (normalized) and the code to send, which is not kept.</summary>
    public static (ContactCheck Check, string Code) Issue(int streetId, string contact, DateTime nowUtc)
    {
        var code = RandomNumberGenerator.GetInt32(0, 1_000_000).ToString("D6", System.Globalization.CultureInfo.InvariantCulture);
        var salt = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
        return (new ContactCheck
        {
            StreetId = streetId, Contact = contact, Salt = salt, CodeHash = Hash(code, salt), CreatedUtc = nowUtc, ExpiresUtc = nowUtc + Lifetime,
        }, code);
    }

    /// <summary>Whether <paramref name="code"/> is this check's code (whatever the check's state).</summary>
    public bool Matches(string? code)
    {
        var typed = (code ?? "").Trim();
        if (typed.Length != CodeLength || !typed.All(char.IsAsciiDigit))
        {
            return false;
        }
        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Hash(typed, Salt)), Encoding.ASCII.GetBytes(CodeHash));
    }

    /// <summary>
    /// The channel an address is for and its stored form: an e-mail address (lower case) or a mainland mobile number
    /// (11 digits from 1[3-9]; spaces, dashes and +86 dropped). Null when it is neither.
    /// </summary>
    public static (NoticeChannel Channel, string Contact)? Normalize(string? text)
    {
        var s = (text ?? "").Trim();
        if (s.Contains('@', StringComparison.Ordinal))
        {
            return Notices.NoticeSettingsInput.IsEmail(s) ? (NoticeChannel.Email, s.ToLowerInvariant()) : null;
        }
        var phone = ContactRules.Normalize(s)?.Replace("-", "", StringComparison.Ordinal);
        if (phone is not null && phone.StartsWith("+86", StringComparison.Ordinal))
        {
            phone = phone[3..];
        }
        // Landlines pass ContactRules but take no SMS: only a mobile number will do here.
        return phone is not null && ContactRules.IsValidPhone(phone) && MobilePattern().IsMatch(phone) ? (NoticeChannel.Sms, phone) : null;
    }

    private static string Hash(string code, string salt) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(code + ":" + salt)));

    [GeneratedRegex(@"^1[3-9]\d{9}$")]
    private static partial Regex MobilePattern();
}
