using System.Globalization;
using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Caching.Memory;

namespace CongressHub.Web.Streets;

/// <summary>A small sum the resident works out, and the protected token that carries it back with the form.</summary>
public sealed record HumanCheckQuestion(int A, int B, string Nonce, string Token)
{
    public bool IsAnsweredBy(string? answer) =>
        int.TryParse(answer?.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n == A + B;
}

/// <summary>
/// The public forms' check that a person is filling it in, made and verified by the server alone (nothing
/// outside this machine is reachable): the question's numbers travel in a token protected with Data Protection that
/// expires after <see cref="Lifetime"/>, so the server keeps no state per form. A token that was used for a stored
/// opinion is remembered until it expires, so one solved question cannot be replayed for a stream of posts.
/// </summary>
public sealed class HumanCheck(IDataProtectionProvider protection, IMemoryCache used)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(20);

    private readonly ITimeLimitedDataProtector _protector = protection.CreateProtector("CongressHub.HumanCheck").ToTimeLimitedDataProtector();

    public HumanCheckQuestion Ask()
    {
        var a = RandomNumberGenerator.GetInt32(2, 10);
        var b = RandomNumberGenerator.GetInt32(1, 10);
        var nonce = Convert.ToHexString(RandomNumberGenerator.GetBytes(12));
        var token = _protector.Protect(string.Create(CultureInfo.InvariantCulture, $"{a}|{b}|{nonce}"), Lifetime);
        return new HumanCheckQuestion(a, b, nonce, token);
    }

    /// <summary>The question a token carries; null when it was tampered with, has expired or was already used.</summary>
    public HumanCheckQuestion? Read(string? token)
    {
        if (string.IsNullOrEmpty(token))
        {
            return null;
        }
        string plain;
        try
        {
            plain = _protector.Unprotect(token);
        }
        catch (CryptographicException)
        {
            return null;
        }
        var parts = plain.Split('|');
        if (parts.Length != 3 || !int.TryParse(parts[0], CultureInfo.InvariantCulture, out var a) || !int.TryParse(parts[1], CultureInfo.InvariantCulture, out var b)
            || used.TryGetValue(Key(parts[2]), out _))
        {
            return null;
        }
        return new HumanCheckQuestion(a, b, parts[2], token);
    }

    /// <summary>Marks a question spent once the opinion it guarded is stored.</summary>
    public void MarkUsed(HumanCheckQuestion question) => used.Set(Key(question.Nonce), true, Lifetime);

    private static string Key(string nonce) => "human-check:" + nonce;
}
