using System.Security.Cryptography;
using System.Text;
using CongressHub.Domain.Common;

namespace CongressHub.Domain.Directory;

/// <summary>
/// A printed sign-in card of a delegate. The code is a random 128-bit value shown once, at issue, and stored only
/// as its SHA-256 hash (a slow hash adds nothing for a value of that entropy).
/// </summary>
public sealed class DelegateCard
{
    private DelegateCard() { }

    public int Id { get; private set; }

    public int StreetId { get; private set; }

    public int DelegateId { get; private set; }

    public string CodeHash { get; private set; } = "";

    public DateTime IssuedUtc { get; private set; }

    public DateTime? RevokedUtc { get; private set; }

    public bool IsActive => RevokedUtc is null;

    /// <summary>Issues a new card and returns it with its code, which is not stored and cannot be read again.</summary>
    public static (DelegateCard Card, string Code) Issue(int streetId, int delegateId, DateTime nowUtc)
    {
        var code = CardCode.New();
        return (new DelegateCard { StreetId = streetId, DelegateId = delegateId, CodeHash = CardCode.Hash(code), IssuedUtc = nowUtc }, code);
    }

    public void Revoke(DateTime nowUtc)
    {
        if (!IsActive)
        {
            throw DomainException.Because("Card.AlreadyRevoked");
        }
        RevokedUtc = nowUtc;
    }
}

/// <summary>Card codes: 26 Crockford base-32 characters (128 bits), shown in groups of four.</summary>
public static class CardCode
{
    private const string Alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

    public const int Length = 26;

    public static string New()
    {
        Span<byte> bytes = stackalloc byte[16];
        RandomNumberGenerator.Fill(bytes);
        var sb = new StringBuilder(Length);
        var buffer = 0;
        var bits = 0;
        foreach (var b in bytes)
        {
            buffer = (buffer << 8) | b;
            bits += 8;
            while (bits >= 5)
            {
                sb.Append(Alphabet[(buffer >> (bits - 5)) & 31]);
                bits -= 5;
            }
        }
        if (bits > 0)
        {
            sb.Append(Alphabet[(buffer << (5 - bits)) & 31]);
        }
        return sb.ToString();
    }

    /// <summary>Upper-cases, drops separators and maps the look-alikes O→0, I/L→1 that people type.</summary>
    public static string Normalize(string? input)
    {
        var sb = new StringBuilder(Length);
        foreach (var ch in (input ?? "").ToUpperInvariant())
        {
            var c = ch switch { 'O' => '0', 'I' or 'L' => '1', _ => ch };
            if (Alphabet.Contains(c))
            {
                sb.Append(c);
            }
            else if (!char.IsWhiteSpace(c) && c != '-')
            {
                return "";
            }
        }
        return sb.ToString();
    }

    public static bool IsWellFormed(string normalized) => normalized.Length == Length;

    public static string Hash(string code) =>
        Convert.ToHexString(SHA256.HashData(Encoding.ASCII.GetBytes(Normalize(code))));

    /// <summary>Groups of four for printing: 7K3Q-....</summary>
    public static string Format(string code) =>
        string.Join("-", Enumerable.Range(0, (code.Length + 3) / 4).Select(i => code.Substring(i * 4, Math.Min(4, code.Length - i * 4))));
}
