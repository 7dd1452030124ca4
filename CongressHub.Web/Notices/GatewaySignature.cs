using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace CongressHub.Web.Notices;

/// <summary>
/// The signature on the SMS gateway's requests, both ways (our sends, its delivery receipts). The canonical string is
/// five lines joined by <c>\n</c>: the method in capitals, the path (<c>/api/notices/sms-receipts</c>, no query), the
/// <c>x-acs-date</c> header (ISO-8601 UTC, <c>2026-12-03T06:00:00Z</c>), the <c>x-acs-nonce</c> header, and the
/// SHA-256 of the body in lower-case hex. The signature is the Base64 of HMAC-SHA256 over that string in UTF-8, keyed
/// with the AccessKeySecret in UTF-8, sent as <c>Authorization: HMAC-SHA256 Credential=&lt;AccessKeyId&gt;,Signature=&lt;Base64&gt;</c>.
/// </summary>
public static class GatewaySignature
{
    public const string DateHeader = "x-acs-date";
    public const string NonceHeader = "x-acs-nonce";
    public const string Algorithm = "HMAC-SHA256";

    /// <summary>How far a signed request's date may be from our clock.</summary>
    public static readonly TimeSpan Skew = TimeSpan.FromMinutes(15);

    public static string Canonical(string method, string path, string date, string nonce, ReadOnlySpan<byte> body) =>
        string.Join('\n', method.ToUpperInvariant(), path, date, nonce, Convert.ToHexStringLower(SHA256.HashData(body)));

    public static string Sign(string secret, string method, string path, string date, string nonce, ReadOnlySpan<byte> body) =>
        Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(Canonical(method, path, date, nonce, body))));

    public static string Authorization(string keyId, string signature) => $"{Algorithm} Credential={keyId},Signature={signature}";

    public static string Date(DateTimeOffset now) => now.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    public static string Nonce() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    /// <summary>The headers of a signed request: date, nonce, authorization.</summary>
    public static (string Date, string Nonce, string Authorization) Headers(string keyId, string secret, string method, string path, ReadOnlySpan<byte> body, DateTimeOffset now)
    {
        var date = Date(now);
        var nonce = Nonce();
        return (date, nonce, Authorization(keyId, Sign(secret, method, path, date, nonce, body)));
    }

    /// <summary>Whether a request carries our key's valid signature, dated within <see cref="Skew"/> of now.</summary>
    public static bool Verify(string keyId, string secret, string method, string path, string? date, string? nonce, string? authorization, ReadOnlySpan<byte> body, DateTimeOffset now)
    {
        if (string.IsNullOrEmpty(date) || string.IsNullOrEmpty(nonce) || authorization is null
            || !DateTimeOffset.TryParseExact(date, "yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at)
            || (at - now).Duration() > Skew)
        {
            return false;
        }
        var prefix = $"{Algorithm} Credential={keyId},Signature=";
        if (!authorization.StartsWith(prefix, StringComparison.Ordinal))
        {
            return false;
        }
        var expected = Encoding.ASCII.GetBytes(Sign(secret, method, path, date, nonce, body));
        var given = Encoding.ASCII.GetBytes(authorization[prefix.Length..]);
        return CryptographicOperations.FixedTimeEquals(expected, given);
    }
}
