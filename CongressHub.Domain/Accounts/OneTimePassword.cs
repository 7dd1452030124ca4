using System.Security.Cryptography;

namespace CongressHub.Domain.Accounts;

/// <summary>
/// The password a reset hands over: read off a screen and typed by someone else, so it avoids characters that look
/// alike (I, l, 1; O, o, 0), and it meets Identity's rules (8 or more, an upper-case and a lower-case letter, a digit).
/// Twelve characters of 56 give about 70 bits: far beyond guessing through the sign-in throttle.
/// </summary>
public static class OneTimePassword
{
    public const int Length = 12;

    private const string Alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ" + "abcdefghijkmnpqrstuvwxyz" + "23456789";

    public static string New()
    {
        while (true)
        {
            var password = RandomNumberGenerator.GetString(Alphabet, Length);
            // Drawn afresh rather than patched, so that every valid password is equally likely.
            if (password.Any(char.IsAsciiLetterUpper) && password.Any(char.IsAsciiLetterLower) && password.Any(char.IsAsciiDigit))
            {
                return password;
            }
        }
    }
}
